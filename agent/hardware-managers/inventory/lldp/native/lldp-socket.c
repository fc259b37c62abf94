// Receives LLDP frames (IEEE 802.1AB, ethertype 0x88cc) on one network interface for the agent's inventory.
// Node has no AF_PACKET sockets; this addon opens one (packet(7)) bound to the interface and the LLDP ethertype,
// and joins the three LLDP group addresses (802.1AB-2016 §7.1: nearest bridge 01:80:c2:00:00:0e, nearest
// non-TPMR bridge ...:03, nearest customer bridge ...:00), so NICs that filter multicast pass the frames up
// without promiscuous mode (IPA sets IFF_PROMISC and must undo it). The kernel drops the memberships when the
// socket closes, even when the agent dies. The socket is non-blocking: the agent polls it a few times a second
// during a bounded collection, as conductor/boot/dhcp/native/router-advert.c is polled.
#include <node_api.h>
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define LLDP_ETHERTYPE 0x88cc
// An LLDPDU fits a 1500-byte payload; the buffer also takes jumbo frames whole.
#define MAX_FRAME_BYTES 9216

static const unsigned char LLDP_GROUPS[3][6] = {
  {0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e},
  {0x01, 0x80, 0xc2, 0x00, 0x00, 0x03},
  {0x01, 0x80, 0xc2, 0x00, 0x00, 0x00},
};

// Throws an Error whose code says what went wrong in words the agent logs (EACCES: not root / no CAP_NET_RAW).
static napi_value fail(napi_env env, const char* step, int err) {
  char message[160];
  snprintf(message, sizeof message, "%s: %s", step, strerror(err));
  const char* code = err == EACCES || err == EPERM ? "EACCES" : err == ENODEV || err == ENXIO ? "ENODEV"
                   : err == EAFNOSUPPORT ? "EAFNOSUPPORT" : "EIO";
  napi_value code_value, message_value, error;
  napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &code_value);
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &message_value);
  napi_create_error(env, code_value, message_value, &error);
  napi_throw(env, error);
  return NULL;
}

static int fd_argument(napi_env env, napi_callback_info info, int32_t* fd) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 1 || napi_get_value_int32(env, argv[0], fd) != napi_ok || *fd < 0) {
    napi_throw_type_error(env, "EINVAL", "expected a file descriptor from openLldpSocket");
    return 0;
  }
  return 1;
}

// openLldpSocket(device: string): number
static napi_value open_lldp_socket(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char device[IF_NAMESIZE + 1];
  size_t length = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 1 || napi_get_value_string_utf8(env, argv[0], device, sizeof device, &length) != napi_ok ||
      length == 0 || length >= IF_NAMESIZE) {
    napi_throw_type_error(env, "EINVAL", "openLldpSocket(device: interface name)");
    return NULL;
  }
  unsigned int ifindex = if_nametoindex(device);
  if (ifindex == 0) return fail(env, "if_nametoindex", errno);
  // Protocol 0 at creation: the socket receives nothing until bind() names the interface and the ethertype, so
  // no frame of another interface slips in between (packet(7)).
  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return fail(env, "socket(AF_PACKET)", errno);
  struct sockaddr_ll addr;
  memset(&addr, 0, sizeof addr);
  addr.sll_family = AF_PACKET;
  addr.sll_protocol = htons(LLDP_ETHERTYPE);
  addr.sll_ifindex = (int)ifindex;
  if (bind(fd, (struct sockaddr*)&addr, sizeof addr) < 0) {
    int err = errno; close(fd); return fail(env, "bind", err);
  }
  for (size_t i = 0; i < sizeof LLDP_GROUPS / sizeof LLDP_GROUPS[0]; i++) {
    struct packet_mreq membership;
    memset(&membership, 0, sizeof membership);
    membership.mr_ifindex = (int)ifindex;
    membership.mr_type = PACKET_MR_MULTICAST;
    membership.mr_alen = 6;
    memcpy(membership.mr_address, LLDP_GROUPS[i], 6);
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership, sizeof membership) < 0) {
      int err = errno; close(fd); return fail(env, "PACKET_ADD_MEMBERSHIP", err);
    }
  }
  napi_value result;
  napi_create_int32(env, fd, &result);
  return result;
}

// readLldpFrame(fd: number): Buffer | null. The next frame received (Ethernet header included), or null when
// none is waiting. Frames this machine itself sends on the interface are skipped (packet(7) PACKET_OUTGOING).
static napi_value read_lldp_frame(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_argument(env, info, &fd)) return NULL;
  static unsigned char frame[MAX_FRAME_BYTES]; // N-API calls run on the JS thread only
  for (;;) {
    struct sockaddr_ll from;
    socklen_t from_length = sizeof from;
    memset(&from, 0, sizeof from);
    ssize_t received = recvfrom(fd, frame, sizeof frame, MSG_DONTWAIT, (struct sockaddr*)&from, &from_length);
    if (received < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        napi_value none;
        napi_get_null(env, &none);
        return none;
      }
      return fail(env, "recvfrom", errno);
    }
    if (from.sll_pkttype == PACKET_OUTGOING) continue;
    napi_value buffer;
    void* data = NULL;
    if (napi_create_buffer_copy(env, (size_t)received, frame, &data, &buffer) != napi_ok) return NULL;
    return buffer;
  }
}

// closeLldpSocket(fd: number): void
static napi_value close_lldp_socket(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_argument(env, info, &fd)) return NULL;
  if (close(fd) < 0 && errno != EINTR) return fail(env, "close", errno);
  return NULL;
}

static void export_function(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, NULL, &fn);
  napi_set_named_property(env, exports, name, fn);
}

static napi_value init(napi_env env, napi_value exports) {
  export_function(env, exports, "openLldpSocket", open_lldp_socket);
  export_function(env, exports, "readLldpFrame", read_lldp_frame);
  export_function(env, exports, "closeLldpSocket", close_lldp_socket);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
