// Sending a window of DATA blocks (RFC 1350 §5, RFC 7440): blocks come from the in-memory copy or from a
// buffer filled with pread, and go out in as few system calls as the route allows. With UDP GSO
// (UDP_SEGMENT, udp(7)) a whole batch is one sendmsg whose payload the kernel cuts into datagrams of
// 4 + blksize bytes, each starting with its own DATA header; without it, sendmmsg sends the batch.
#define _GNU_SOURCE
#include "transfer.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/udp.h>
#include <string.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#ifndef UDP_SEGMENT
#define UDP_SEGMENT 103
#endif

int64_t tftp_now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

void tftp_send_error(tftp_transfer* t, int code, const char* message, const struct sockaddr* to, socklen_t to_len) {
  uint8_t packet[4 + 256];
  size_t length = strnlen(message, 255);
  packet[0] = 0;
  packet[1] = 5;
  packet[2] = (uint8_t)(code >> 8);
  packet[3] = (uint8_t)code;
  memcpy(packet + 4, message, length);
  packet[4 + length] = 0;
  (void)sendto(t->sock, packet, 5 + length, MSG_NOSIGNAL, to, to_len);
}

/** Makes the read buffer hold blocks [first, first + count); -1 when the file cannot be read. */
static int load_blocks(tftp_transfer* t, uint64_t first, size_t count) {
  if (t->bytes != NULL) return 0;
  uint64_t held = t->buffer_capacity / t->blksize; // buffer_first 0: nothing read yet (blocks count from 1)
  if (t->buffer_first != 0 && first >= t->buffer_first && first + count <= t->buffer_first + held) return 0;
  uint64_t offset = (first - 1) * t->blksize;
  size_t filled = 0;
  while (filled < t->buffer_capacity && offset + filled < t->size_bytes) {
    ssize_t n = pread(t->file_fd, t->buffer + filled, t->buffer_capacity - filled, (off_t)(offset + filled));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return -1;
    if (n == 0) break; // the file shrank under us: serve what is there, as the JS reader does
    filled += (size_t)n;
  }
  t->buffer_first = first;
  t->buffer_valid = filled;
  return 0;
}

/** Block `index`'s bytes; a block past the end of what could be read is empty. */
static struct iovec block_data(const tftp_transfer* t, uint64_t index) {
  struct iovec data = {NULL, 0};
  if (t->bytes != NULL) {
    uint64_t offset = (index - 1) * t->blksize;
    data.iov_base = t->bytes + offset;
    data.iov_len = offset >= t->size_bytes ? 0 : t->size_bytes - offset < t->blksize ? t->size_bytes - offset : t->blksize;
    return data;
  }
  uint64_t offset = (index - t->buffer_first) * t->blksize;
  data.iov_base = t->buffer + offset;
  data.iov_len = offset >= t->buffer_valid ? 0 : t->buffer_valid - offset < t->blksize ? t->buffer_valid - offset : t->blksize;
  return data;
}

/** One sendmsg with UDP_SEGMENT; 0 when sent, -1 when GSO is refused (the caller falls back). */
static int send_gso(tftp_transfer* t, struct iovec* iov, size_t iov_count) {
  char control[CMSG_SPACE(sizeof(uint16_t))];
  memset(control, 0, sizeof control);
  struct msghdr msg = {
    .msg_name = &t->client, .msg_namelen = t->client_len, .msg_iov = iov, .msg_iovlen = iov_count,
    .msg_control = control, .msg_controllen = sizeof control,
  };
  struct cmsghdr* cm = CMSG_FIRSTHDR(&msg);
  cm->cmsg_level = SOL_UDP;
  cm->cmsg_type = UDP_SEGMENT;
  cm->cmsg_len = CMSG_LEN(sizeof(uint16_t));
  uint16_t segment = (uint16_t)(4 + t->blksize);
  memcpy(CMSG_DATA(cm), &segment, sizeof segment);
  if (sendmsg(t->sock, &msg, MSG_NOSIGNAL) >= 0) return 0;
  // EINVAL: the segment exceeds the path MTU or the batch 64 KiB; EIO: no checksum offload. Either way
  // this route cannot do GSO, so stop trying. Other errors (ENOBUFS) are losses the timer repairs.
  if (errno == EINVAL || errno == EIO || errno == EOPNOTSUPP || errno == EMSGSIZE) {
    t->use_gso = 0;
    return -1;
  }
  return 0;
}

/** One sendmmsg per batch; a datagram the kernel refuses is skipped: the retransmission timer covers it. */
static void send_each(tftp_transfer* t, struct iovec* iov, size_t count) {
  struct mmsghdr msgs[TFTP_BATCH_MAX];
  memset(msgs, 0, sizeof(struct mmsghdr) * count);
  for (size_t i = 0; i < count; i++) {
    msgs[i].msg_hdr.msg_name = &t->client;
    msgs[i].msg_hdr.msg_namelen = t->client_len;
    msgs[i].msg_hdr.msg_iov = &iov[2 * i];
    msgs[i].msg_hdr.msg_iovlen = 2;
  }
  size_t done = 0;
  while (done < count) {
    int sent = count - done == 1 ? (sendmsg(t->sock, &msgs[done].msg_hdr, MSG_NOSIGNAL) >= 0 ? 1 : -1)
                                 : sendmmsg(t->sock, &msgs[done], (unsigned)(count - done), MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    done += sent < 0 ? 1 : (size_t)sent;
  }
}

/** Datagrams per batch: at most TFTP_BATCH_MAX and TFTP_BATCH_BYTES, and for GSO under 64 KiB in all. */
static size_t batch_limit(const tftp_transfer* t) {
  size_t by_bytes = TFTP_BATCH_BYTES / (t->blksize + 4);
  size_t limit = by_bytes < TFTP_BATCH_MAX ? by_bytes : TFTP_BATCH_MAX;
  if (t->use_gso) {
    size_t by_gso = 65000 / (t->blksize + 4);
    if (by_gso < limit) limit = by_gso;
  }
  return limit < 1 ? 1 : limit;
}

int tftp_send_window(tftp_transfer* t) {
  t->deadline_ns = tftp_now_ns() + (int64_t)t->timeout_ms * 1000000;
  uint8_t headers[TFTP_BATCH_MAX][4];
  struct iovec iov[2 * TFTP_BATCH_MAX];
  uint64_t end = t->base + t->windowsize; // first block after the window
  if (end > t->last + 1) end = t->last + 1;
  while (t->next < end) {
    size_t count = batch_limit(t);
    if (t->next + count > end) count = (size_t)(end - t->next);
    if (load_blocks(t, t->next, count) < 0) return -1;
    int uniform = 1; // GSO needs every datagram but the last to be full-sized
    for (size_t i = 0; i < count; i++) {
      uint64_t index = t->next + i;
      headers[i][0] = 0;
      headers[i][1] = 3;
      headers[i][2] = (uint8_t)(index >> 8); // 16-bit wire number: rolls over after 65535
      headers[i][3] = (uint8_t)index;
      iov[2 * i].iov_base = headers[i];
      iov[2 * i].iov_len = 4;
      iov[2 * i + 1] = block_data(t, index);
      if (i + 1 < count && iov[2 * i + 1].iov_len != t->blksize) uniform = 0;
    }
    if (count == 1 || !t->use_gso || !uniform || send_gso(t, iov, 2 * count) < 0) send_each(t, iov, count);
    t->next += count;
  }
  return 0;
}
