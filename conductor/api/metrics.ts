import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { ProvisionState } from '../../core/index.js';
import type { Store } from '../persistence/repository.js';

/**
 * Prometheus metrics: request counts and latency by method, route pattern and status, and node
 * counts by provision state read from the store at scrape time. Served at `GET /metrics`.
 */
export function registerMetrics(app: FastifyInstance, registry: Registry, store: Store): void {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({ name: 'ferro_api_requests_total', help: 'API requests', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'ferro_api_request_duration_seconds', help: 'API request latency', labelNames,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry],
  });
  new Gauge({
    name: 'ferro_nodes', help: 'Nodes by provision state', labelNames: ['provision_state'], registers: [registry],
    async collect() {
      const states = Object.values(ProvisionState);
      const counts = await Promise.all(states.map((state) => store.nodes.count({ provision_state: state })));
      this.reset();
      states.forEach((state, i) => this.set({ provision_state: state }, counts[i] ?? 0));
    },
  });
  app.addHook('onResponse', (request, reply, done) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    duration.observe(labels, reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
}
