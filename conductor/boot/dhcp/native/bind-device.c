// Opens a UDP/IPv4 socket bound to one network interface (SO_BINDTODEVICE, socket(7)) and returns its file
// descriptor; dgram's `socket.bind({ fd })` adopts it. Node's dgram cannot set SO_BINDTODEVICE itself, and a
// socket on 0.0.0.0:67 without it receives broadcasts from every interface with no way to tell which one.
#include <node_api.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

napi_value native_fail(napi_env env, const char* step, int err) {
  char message[160];
  snprintf(message, sizeof message, "%s: %s", step, strerror(err));
  napi_value code, msg, error;
  napi_create_string_utf8(env, err == EACCES || err == EPERM ? "EACCES" : err == EADDRINUSE ? "EADDRINUSE" : err == ENODEV ? "ENODEV" : "EIO", NAPI_AUTO_LENGTH, &code);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &msg);
  napi_create_error(env, code, msg, &error);
  napi_throw(env, error);
  return NULL;
}

// openBoundUdpSocket(device: string, port: number): number
static napi_value open_bound_udp_socket(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char device[IF_NAMESIZE + 1];
  size_t length = 0;
  uint32_t port = 0;
  if (argc != 2 || napi_get_value_string_utf8(env, argv[0], device, sizeof device, &length) != napi_ok ||
      length == 0 || length >= IF_NAMESIZE || napi_get_value_uint32(env, argv[1], &port) != napi_ok || port > 65535) {
    napi_throw_type_error(env, "EINVAL", "openBoundUdpSocket(device: interface name, port: 0-65535)");
    return NULL;
  }
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return native_fail(env, "socket", errno);
  int on = 1;
  // SO_REUSEADDR lets one socket per interface share port 67; SO_BINDTODEVICE keeps each one's traffic apart.
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0 ||
      setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &on, sizeof on) < 0) {
    int err = errno; close(fd); return native_fail(env, "setsockopt", err);
  }
  // A larger receive buffer absorbs bursts (a rack powering on). SO_RCVBUFFORCE passes net.core.rmem_max
  // but needs CAP_NET_ADMIN; without it SO_RCVBUF asks for the same, capped at rmem_max. Best effort.
  int bufferBytes = 4 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bufferBytes, sizeof bufferBytes) < 0)
    (void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufferBytes, sizeof bufferBytes);
  if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, (socklen_t)length) < 0) {
    int err = errno; close(fd); return native_fail(env, "SO_BINDTODEVICE", err);
  }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons((uint16_t)port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(fd, (struct sockaddr*)&addr, sizeof addr) < 0) {
    int err = errno; close(fd); return native_fail(env, "bind", err);
  }
  napi_value result;
  napi_create_int32(env, fd, &result);
  return result;
}

napi_value open_router_advert_socket(napi_env env, napi_callback_info info);
napi_value drain_router_solicits(napi_env env, napi_callback_info info);
napi_value send_router_advert(napi_env env, napi_callback_info info);

static void export_function(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn);
  napi_set_named_property(env, exports, name, fn);
}

static napi_value init(napi_env env, napi_value exports) {
  export_function(env, exports, "openBoundUdpSocket", open_bound_udp_socket);
  export_function(env, exports, "openRouterAdvertSocket", open_router_advert_socket);
  export_function(env, exports, "drainRouterSolicits", drain_router_solicits);
  export_function(env, exports, "sendRouterAdvert", send_router_advert);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
