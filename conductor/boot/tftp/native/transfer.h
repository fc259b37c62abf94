// One read transfer run by the native data path (see addon.c): the state the JS transfer keeps in
// transfer.ts, plus its socket, its file and what the JS thread shares with the transfer's thread.
#ifndef FERRO_TFTP_TRANSFER_H
#define FERRO_TFTP_TRANSFER_H

#include <node_api.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

/** Largest datagram handled (blksize 65464 + 4, RFC 2348); anything longer is not TFTP. */
#define TFTP_MAX_PACKET 65468
/** Datagrams per sendmmsg/GSO batch, and bytes: a batch's blocks must all sit in the read buffer. */
#define TFTP_BATCH_MAX 64
#define TFTP_BATCH_BYTES (256 * 1024)

typedef struct tftp_transfer {
  /* Set before the thread starts, then read-only. */
  int sock;          /* the server TID (RFC 1350 §4); closed by the thread under `lock` */
  struct sockaddr_storage client;
  socklen_t client_len;
  int file_fd;       /* a dup of the JS side's descriptor, read with pread; -1 for bytes */
  uint8_t* bytes;    /* a copy of an in-memory file; NULL for file_fd */
  uint64_t size_bytes;
  uint32_t blksize, windowsize, timeout_ms, max_retries;
  uint8_t* oack;     /* the OACK datagram; oack_len 0: none (RFC 2347 §3) */
  size_t oack_len;
  napi_threadsafe_function on_end;

  /* Owned by the transfer's thread. */
  uint64_t last;     /* number of DATA blocks: size / blksize + 1 (RFC 1350 §6) */
  uint64_t base;     /* lowest block not yet acknowledged (1-based index, not the 16-bit wire number) */
  uint64_t next;     /* next block to send */
  uint32_t retries;
  int went_back;     /* one go-back per window on a duplicate ACK (RFC 7440 §4) */
  int use_gso;       /* cleared for good when the route refuses UDP_SEGMENT */
  int64_t deadline_ns;
  int64_t rcvtimeo_ns;
  uint8_t* buffer;   /* file blocks [buffer_first, buffer_first + buffer_blocks) */
  uint64_t buffer_first;
  size_t buffer_capacity, buffer_valid;
  uint8_t packet[TFTP_MAX_PACKET + 1];
  const char* outcome;

  /* Shared with the JS thread. */
  pthread_mutex_t lock;
  int aborted;       /* atomic; set by abortTransfer, which also shuts the socket's read side */
  char abort_message[256];
  int refs;          /* atomic: the JS handle and the thread */
} tftp_transfer;

/** Runs the transfer to its end on the calling thread and sets `outcome`. */
void tftp_run_transfer(tftp_transfer* t);

/** Sends blocks next.. up to the window's end; 0, or -1 when the file cannot be read. */
int tftp_send_window(tftp_transfer* t);

/** Sends one ERROR packet (RFC 1350 §5) to `to`. */
void tftp_send_error(tftp_transfer* t, int code, const char* message, const struct sockaddr* to, socklen_t to_len);

/** CLOCK_MONOTONIC in nanoseconds. */
int64_t tftp_now_ns(void);

#endif
