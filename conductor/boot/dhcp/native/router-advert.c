// IPv6 router advertisements for the provisioning network (RFC 4861 §4.2, §6.2). iPXE configures IPv6 in
// parallel with DHCPv4 and waits ~13 s for a router advertisement before it goes on when none comes (measured
// in the lab: DHCP stage 18.8 s -> 5.7 s with one). Ferro answers router solicitations with an advertisement
// that says "no default router, no prefixes, no DHCPv6" (lifetime 0, M=O=0), which ends that wait and changes
// nothing else on the link. Node has no raw sockets, so the ICMPv6 socket lives here.
#include <node_api.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

napi_value native_fail(napi_env env, const char* step, int err);

static int read_fd(napi_env env, napi_value value, int32_t* fd) {
  return napi_get_value_int32(env, value, fd) == napi_ok && *fd >= 0;
}

// openRouterAdvertSocket(device: string): number — a raw ICMPv6 socket bound to `device` that receives only
// router solicitations (ICMP6_FILTER) and sends with hop limit 255, as RFC 4861 §6.1 requires of both sides.
napi_value open_router_advert_socket(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  char device[IF_NAMESIZE + 1];
  size_t length = 0;
  if (argc != 1 || napi_get_value_string_utf8(env, argv[0], device, sizeof device, &length) != napi_ok ||
      length == 0 || length >= IF_NAMESIZE) {
    napi_throw_type_error(env, "EINVAL", "openRouterAdvertSocket(device: interface name)");
    return NULL;
  }
  int fd = socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_ICMPV6);
  if (fd < 0) return native_fail(env, "socket(AF_INET6, SOCK_RAW)", errno);
  struct icmp6_filter filter;
  ICMP6_FILTER_SETBLOCKALL(&filter);
  ICMP6_FILTER_SETPASS(ND_ROUTER_SOLICIT, &filter);
  int hops = 255;
  if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) < 0 ||
      setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof hops) < 0 ||
      setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &hops, sizeof hops) < 0 ||
      setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, device, (socklen_t)length) < 0) {
    int err = errno; close(fd); return native_fail(env, "setsockopt (ICMPv6)", err);
  }
  // Solicitations go to ff02::2 (all routers); join it so the kernel delivers them to this socket.
  struct ipv6_mreq group;
  memset(&group, 0, sizeof group);
  inet_pton(AF_INET6, "ff02::2", &group.ipv6mr_multiaddr);
  group.ipv6mr_interface = if_nametoindex(device);
  if (group.ipv6mr_interface == 0 || setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &group, sizeof group) < 0) {
    int err = errno; close(fd); return native_fail(env, "IPV6_JOIN_GROUP ff02::2", err);
  }
  napi_value result;
  napi_create_int32(env, fd, &result);
  return result;
}

// drainRouterSolicits(fd: number): number — reads every pending solicitation (non-blocking); their count.
napi_value drain_router_solicits(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t fd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 1 || !read_fd(env, argv[0], &fd)) {
    napi_throw_type_error(env, "EINVAL", "drainRouterSolicits(fd)");
    return NULL;
  }
  unsigned char packet[1500];
  int32_t count = 0;
  for (int i = 0; i < 256; i += 1) {  // bounded: a flood cannot keep the event loop here
    ssize_t got = recv(fd, packet, sizeof packet, 0);
    if (got < 0) break;
    if (got >= 8 && packet[0] == ND_ROUTER_SOLICIT && packet[1] == 0) count += 1;
  }
  napi_value result;
  napi_create_int32(env, count, &result);
  return result;
}

// sendRouterAdvert(fd: number, device: string, packet: Buffer): void — to ff02::1 (all nodes) on `device`; the
// kernel fills in the ICMPv6 checksum and the link-local source address.
napi_value send_router_advert(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  int32_t fd = -1;
  char device[IF_NAMESIZE + 1];
  size_t length = 0;
  void* data = NULL;
  size_t size = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 3 || !read_fd(env, argv[0], &fd) ||
      napi_get_value_string_utf8(env, argv[1], device, sizeof device, &length) != napi_ok || length == 0 ||
      napi_get_buffer_info(env, argv[2], &data, &size) != napi_ok || size < 16) {
    napi_throw_type_error(env, "EINVAL", "sendRouterAdvert(fd, device, packet: Buffer of >= 16 bytes)");
    return NULL;
  }
  struct sockaddr_in6 to;
  memset(&to, 0, sizeof to);
  to.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "ff02::1", &to.sin6_addr);
  to.sin6_scope_id = if_nametoindex(device);
  if (sendto(fd, data, size, 0, (struct sockaddr*)&to, sizeof to) < 0) return native_fail(env, "sendto ff02::1", errno);
  return NULL;
}
