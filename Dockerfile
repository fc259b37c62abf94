# syntax=docker/dockerfile:1
# Ferro conductor image: the README's steps (npm ci, build, start) in three stages.
#   docker build -t ferro .
#   docker run -p 6385:6385 -v ferro-data:/var/lib/ferro \
#     -e FERRO_API_AUTH_STRATEGY=http_basic -e FERRO_API_HTPASSWD_PATH=/etc/ferro/htpasswd \
#     -v /etc/ferro/htpasswd:/etc/ferro/htpasswd:ro ferro
# The API listens on 0.0.0.0 inside the container, so the conductor refuses noauth unless you set
# FERRO_API_ALLOW_INSECURE_NOAUTH=true (see docs/operator-guide.md).

ARG NODE_IMAGE=node:20-bookworm-slim

# Production dependencies. better-sqlite3 is native: build tools are here in case no prebuilt binary fits.
FROM ${NODE_IMAGE} AS prod-deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Compile TypeScript to dist/ with tsconfig.build.json (tests, bench and scripts excluded).
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY core ./core
COPY drivers ./drivers
COPY conductor ./conductor
COPY agent ./agent
COPY scripts ./scripts
RUN npm run build && npm run build:dhcp-native

# Runtime: no compilers, no dev dependencies, not root.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    FERRO_DATA_DIR=/var/lib/ferro \
    FERRO_API_HOST=0.0.0.0 \
    FERRO_API_PORT=6385
WORKDIR /app
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The DHCP server's SO_BINDTODEVICE addon, found relative to the working directory.
COPY --from=build /app/conductor/boot/dhcp/native/build/Release/bind_device.node ./conductor/boot/dhcp/native/build/Release/
COPY package.json ./
RUN mkdir -p /var/lib/ferro && chown node:node /var/lib/ferro
USER node
VOLUME ["/var/lib/ferro"]
EXPOSE 6385
# No curl in the slim image: Node's fetch asks the API root, which needs no authentication.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.FERRO_API_PORT || 6385) + '/').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/conductor/main.js"]
