// The state machine of transfer.ts, in C, on the transfer's own thread: OACK (RFC 2347 §3), DATA in windows
// (RFC 7440; 1 = RFC 1350 lock-step), retransmission on timeout, ERROR 5 to strangers (RFC 1350 §4). The
// thread blocks in recvfrom with SO_RCVTIMEO as the retransmission timer, so a lock-step block costs one
// recvfrom and one sendmsg (in.tftpd makes three calls: select, recv, send).
#define _GNU_SOURCE
#include "transfer.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/time.h>

enum { WAIT_PACKET, WAIT_TIMEOUT, WAIT_ABORT };

static int is_aborted(tftp_transfer* t) { return __atomic_load_n(&t->aborted, __ATOMIC_ACQUIRE); }

static int from_client(const tftp_transfer* t, const struct sockaddr_storage* from) {
  if (from->ss_family != t->client.ss_family) return 0;
  if (from->ss_family == AF_INET) {
    const struct sockaddr_in *a = (const void*)from, *b = (const void*)&t->client;
    return a->sin_port == b->sin_port && a->sin_addr.s_addr == b->sin_addr.s_addr;
  }
  const struct sockaddr_in6 *a = (const void*)from, *b = (const void*)&t->client;
  return a->sin6_port == b->sin6_port && memcmp(&a->sin6_addr, &b->sin6_addr, sizeof a->sin6_addr) == 0;
}

/**
 * Sets SO_RCVTIMEO only when the time left is more than 2 ms off what is set, so the hot path (a window
 * sent, the full timeout left) makes no extra call. Waking up to 2 ms early is harmless: the caller
 * checks the deadline and waits again for the rest.
 */
static void set_receive_timeout(tftp_transfer* t, int64_t left_ns) {
  if (left_ns < t->rcvtimeo_ns + 2000000 && left_ns > t->rcvtimeo_ns - 2000000) return;
  struct timeval tv = {.tv_sec = left_ns / 1000000000, .tv_usec = (left_ns % 1000000000) / 1000};
  if (tv.tv_sec == 0 && tv.tv_usec == 0) tv.tv_usec = 1; // zero would mean "block forever"
  (void)setsockopt(t->sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  t->rcvtimeo_ns = left_ns;
}

/** Waits for a datagram from the client; strangers get ERROR 5 here and the wait goes on. */
static int wait_packet(tftp_transfer* t, ssize_t* length) {
  for (;;) {
    if (is_aborted(t)) return WAIT_ABORT;
    int64_t left = t->deadline_ns - tftp_now_ns();
    if (left <= 0) return WAIT_TIMEOUT;
    set_receive_timeout(t, left);
    struct sockaddr_storage from;
    socklen_t from_len = sizeof from;
    ssize_t n = recvfrom(t->sock, t->packet, sizeof t->packet, 0, (struct sockaddr*)&from, &from_len);
    if (n < 0) continue; // EAGAIN: the timer ran out (checked above); EINTR; ICMP errors
    if (is_aborted(t)) return WAIT_ABORT; // shutdown(SHUT_RD) makes recvfrom return 0
    if (from_client(t, &from)) {
      *length = n;
      return WAIT_PACKET;
    }
    // Never answer an ERROR with an ERROR: two confused peers would bounce them forever.
    if (n < 2 || t->packet[0] != 0 || t->packet[1] != 5)
      tftp_send_error(t, 5, "Unknown transfer ID", (struct sockaddr*)&from, from_len);
  }
}

/**
 * Whether a RRQ, WRQ or OACK is well formed, as packet.ts decodes it: NUL-terminated strings of at most
 * 1024 bytes, a non-empty filename and mode for requests, then name/value pairs with non-empty names
 * (repeated names, which packet.ts also refuses, are not looked for: either way the transfer ends).
 */
static int has_valid_strings(const uint8_t* p, size_t n, int opcode) {
  if (p[n - 1] != 0) return 0;
  size_t count = 0, start = 2, first_option = opcode == 6 ? 0 : 2;
  for (size_t i = 2; i < n; i++) {
    if (p[i] != 0) continue;
    size_t length = i - start;
    if (length > 1024 || count >= 66) return 0;
    if (length == 0 && opcode != 6 && count == 0) return 0; // empty filename
    if (length == 0 && count >= first_option && (count - first_option) % 2 == 0) return 0; // empty option name
    count++;
    start = i + 1;
  }
  return count >= first_option && (count - first_option) % 2 == 0;
}

/** Ends the transfer: ERROR `message` to the client when given. */
static void finish(tftp_transfer* t, const char* outcome, int code, const char* message) {
  t->outcome = outcome;
  if (message != NULL) tftp_send_error(t, code, message, (struct sockaddr*)&t->client, t->client_len);
}

static void send_oack(tftp_transfer* t) {
  t->deadline_ns = tftp_now_ns() + (int64_t)t->timeout_ms * 1000000;
  (void)sendto(t->sock, t->oack, t->oack_len, MSG_NOSIGNAL, (struct sockaddr*)&t->client, t->client_len);
}

/** transfer.ts onAck: returns 1 while the transfer goes on. */
static int on_ack(tftp_transfer* t, uint16_t wire, int* in_oack) {
  if (*in_oack) {
    if (wire != 0) return 1;
    *in_oack = 0;
    t->retries = 0;
    return 2; // send the first window
  }
  // 16-bit block numbers roll over after 65535: map the wire number to the nearest index at or after
  // the last acknowledged block (base - 1).
  uint64_t acked = t->base - 1 + (((uint64_t)wire - (t->base - 1)) & 0xffff);
  if (acked >= t->next) return 1; // acknowledges nothing we sent: stale or bogus
  if (acked == t->last) return 0;
  if (acked == t->base - 1) {
    // Duplicate ACK. Lock-step: ignore it (sorcerer's apprentice, RFC 1350). Windowed: the client lost
    // the window's first block (RFC 7440 §4); go back once, then leave the rest to the timer.
    if (t->windowsize == 1 || t->went_back) return 1;
    t->went_back = 1;
  } else {
    t->went_back = 0;
    t->retries = 0;
  }
  t->base = acked + 1;
  t->next = t->base; // a partial window ACK means the blocks after it were lost: resend from there
  return 2;
}

/** A datagram from the client: 1 goes on, 0 ended the transfer. */
static int on_packet(tftp_transfer* t, size_t n, int* in_oack) {
  const uint8_t* p = t->packet;
  if (n < 4 || n > TFTP_MAX_PACKET || p[0] != 0) return 1; // not TFTP: ignored
  switch (p[1]) {
    case 4: {
      if (n != 4) return 1;
      int step = on_ack(t, (uint16_t)(p[2] << 8 | p[3]), in_oack);
      if (step == 0) finish(t, "complete", 0, NULL);
      if (step == 2 && tftp_send_window(t) < 0) {
        finish(t, "read-error", 0, "Error reading the file");
        return 0;
      }
      return step != 0;
    }
    case 5:
      finish(t, "client-error", 0, NULL);
      return 0;
    case 3:
      finish(t, "protocol-error", 4, "Illegal TFTP operation: DATA during a read");
      return 0;
    case 1: case 2: case 6: {
      if (!has_valid_strings(p, n, p[1])) return 1;
      const char* message = p[1] == 1 ? "Illegal TFTP operation: RRQ during a read"
                            : p[1] == 2 ? "Illegal TFTP operation: WRQ during a read"
                                        : "Illegal TFTP operation: OACK during a read";
      finish(t, "protocol-error", 4, message);
      return 0;
    }
    default:
      return 1;
  }
}

/** Runs until an end; returns the outcome and the ERROR 0 message, or NULL when on_packet ended it. */
static const char* run(tftp_transfer* t, const char** message) {
  int in_oack = t->oack_len > 0;
  *message = "Error reading the file";
  if (in_oack) send_oack(t);
  else if (tftp_send_window(t) < 0) return "read-error";
  for (;;) {
    ssize_t n = 0;
    int event = wait_packet(t, &n);
    if (event == WAIT_ABORT) {
      *message = t->abort_message;
      return "aborted";
    }
    if (event == WAIT_PACKET) {
      if (!on_packet(t, (size_t)n, &in_oack)) return NULL; // on_packet set the outcome
      continue;
    }
    if (++t->retries > t->max_retries) {
      *message = "Transfer timed out";
      return "timeout";
    }
    if (in_oack) {
      send_oack(t);
      continue;
    }
    t->next = t->base;
    if (tftp_send_window(t) < 0) return "read-error";
  }
}

void tftp_run_transfer(tftp_transfer* t) {
  t->last = t->size_bytes / t->blksize + 1;
  t->base = t->next = 1;
  const char* message = NULL;
  const char* outcome = run(t, &message);
  if (outcome != NULL) finish(t, outcome, 0, message);
}
