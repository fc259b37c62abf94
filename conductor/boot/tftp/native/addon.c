// The TFTP server's native data path (N-API). The JS side keeps what needs judgement: admission, name
// checks, opening the file, option negotiation and logging. It then hands this addon an accepted transfer
// (a descriptor or bytes, the negotiated options, the client's TID), and one thread per transfer runs it
// with blocking calls, as in.tftpd runs a process per transfer: transfers use every core and a block
// costs two system calls. The thread reports the outcome through a thread-safe function.
//
// startTransfer(options): handle     abortTransfer(handle, message): void
#define _GNU_SOURCE
#include "transfer.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void unref(tftp_transfer* t) {
  if (__atomic_sub_fetch(&t->refs, 1, __ATOMIC_ACQ_REL) != 0) return;
  if (t->file_fd >= 0) close(t->file_fd);
  if (t->sock >= 0) close(t->sock);
  free(t->bytes);
  free(t->buffer);
  free(t->oack);
  pthread_mutex_destroy(&t->lock);
  free(t);
}

static napi_value throw_error(napi_env env, const char* code, const char* step, int err) {
  char message[200];
  snprintf(message, sizeof message, "%s: %s", step, strerror(err));
  napi_throw_error(env, code, message);
  return NULL;
}

static int get_number(napi_env env, napi_value obj, const char* name, double* out) {
  napi_value v;
  return napi_get_named_property(env, obj, name, &v) == napi_ok && napi_get_value_double(env, v, out) == napi_ok;
}

static int get_string(napi_env env, napi_value obj, const char* name, char* out, size_t size) {
  napi_value v;
  size_t length = 0;
  return napi_get_named_property(env, obj, name, &v) == napi_ok &&
         napi_get_value_string_utf8(env, v, out, size, &length) == napi_ok && length > 0 && length < size - 1;
}

/** A copy of the Uint8Array property `name`; absent (undefined) leaves *out NULL and returns 1. */
static int get_bytes(napi_env env, napi_value obj, const char* name, uint8_t** out, size_t* length) {
  napi_value v;
  napi_valuetype type;
  bool is_typedarray = false;
  *out = NULL;
  *length = 0;
  if (napi_get_named_property(env, obj, name, &v) != napi_ok || napi_typeof(env, v, &type) != napi_ok) return 0;
  if (type == napi_undefined) return 1;
  if (napi_is_typedarray(env, v, &is_typedarray) != napi_ok || !is_typedarray) return 0;
  napi_typedarray_type kind;
  void* data = NULL;
  if (napi_get_typedarray_info(env, v, &kind, length, &data, NULL, NULL) != napi_ok || kind != napi_uint8_array) return 0;
  *out = malloc(*length > 0 ? *length : 1); // malloc(0) may be NULL, and NULL means "no bytes"
  if (*out == NULL) return 0;
  memcpy(*out, data, *length);
  return 1;
}

/** Parses `address` and `port` into `out`; the family follows `address` (IPv4 first). */
static int to_sockaddr(const char* address, uint32_t port, struct sockaddr_storage* out, socklen_t* out_len) {
  memset(out, 0, sizeof *out);
  struct sockaddr_in* v4 = (struct sockaddr_in*)out;
  struct sockaddr_in6* v6 = (struct sockaddr_in6*)out;
  if (inet_pton(AF_INET, address, &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons((uint16_t)port);
    *out_len = sizeof *v4;
    return 1;
  }
  if (inet_pton(AF_INET6, address, &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons((uint16_t)port);
    *out_len = sizeof *v6;
    return 1;
  }
  return 0;
}

/** A blocking UDP socket bound to `local`:0, the transfer's TID; -1 with errno set. */
static int open_transfer_socket(const struct sockaddr_storage* local, socklen_t local_len) {
  int fd = socket(local->ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (bind(fd, (const struct sockaddr*)local, local_len) < 0) {
    int err = errno;
    close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

static void call_on_end(napi_env env, napi_value js_cb, void* context, void* data) {
  tftp_transfer* t = data;
  if (env != NULL && js_cb != NULL) {
    napi_value argv[2], undefined;
    napi_create_string_utf8(env, t->outcome != NULL ? t->outcome : "aborted", NAPI_AUTO_LENGTH, &argv[0]);
    napi_create_double(env, (double)(t->base - 1), &argv[1]);
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, js_cb, 2, argv, NULL);
  }
  unref(t);
}

static void* transfer_thread(void* arg) {
  tftp_transfer* t = arg;
  tftp_run_transfer(t);
  pthread_mutex_lock(&t->lock);
  close(t->sock);
  t->sock = -1;
  pthread_mutex_unlock(&t->lock);
  if (napi_call_threadsafe_function(t->on_end, t, napi_tsfn_blocking) != napi_ok) unref(t);
  napi_release_threadsafe_function(t->on_end, napi_tsfn_release);
  return NULL;
}

static void finalize_handle(napi_env env, void* data, void* hint) { unref(data); }

/** Reads the options object into `t`; 0 (and a pending TypeError) when one is missing or out of range. */
static int read_options(napi_env env, napi_value o, tftp_transfer* t, struct sockaddr_storage* local, socklen_t* local_len) {
  double fd = -1, size = 0, port = 0, blksize = 0, windowsize = 0, timeout = 0, retries = 0;
  char local_address[64], client_address[64];
  size_t bytes_length = 0;
  napi_value fd_value, on_end;
  napi_valuetype fd_type;
  int ok = get_number(env, o, "sizeBytes", &size) && get_number(env, o, "clientPort", &port) &&
           get_number(env, o, "blksize", &blksize) && get_number(env, o, "windowsize", &windowsize) &&
           get_number(env, o, "timeoutMs", &timeout) && get_number(env, o, "maxRetries", &retries) &&
           get_string(env, o, "localAddress", local_address, sizeof local_address) &&
           get_string(env, o, "clientAddress", client_address, sizeof client_address) &&
           get_bytes(env, o, "bytes", &t->bytes, &bytes_length) && get_bytes(env, o, "oack", &t->oack, &t->oack_len) &&
           napi_get_named_property(env, o, "fd", &fd_value) == napi_ok && napi_typeof(env, fd_value, &fd_type) == napi_ok &&
           (fd_type == napi_undefined || napi_get_value_double(env, fd_value, &fd) == napi_ok) &&
           napi_get_named_property(env, o, "onEnd", &on_end) == napi_ok;
  ok = ok && size >= 0 && size <= 9007199254740991.0 && port >= 1 && port <= 65535 && blksize >= 8 &&
       blksize <= 65464 && windowsize >= 1 && windowsize <= 65535 && timeout >= 1 && timeout <= 255000 &&
       retries >= 0 && retries <= 1000 && (t->bytes != NULL) != (fd >= 0) &&
       (t->bytes == NULL || bytes_length == (size_t)size) && to_sockaddr(local_address, 0, local, local_len) &&
       to_sockaddr(client_address, (uint32_t)port, &t->client, &t->client_len) && local->ss_family == t->client.ss_family;
  if (!ok) {
    napi_throw_type_error(env, "EINVAL", "startTransfer: invalid options");
    return 0;
  }
  t->size_bytes = (uint64_t)size;
  t->blksize = (uint32_t)blksize;
  t->windowsize = (uint32_t)windowsize;
  t->timeout_ms = (uint32_t)timeout;
  t->max_retries = (uint32_t)retries;
  if (fd >= 0 && (t->file_fd = fcntl((int)fd, F_DUPFD_CLOEXEC, 0)) < 0) {
    throw_error(env, "EBADF", "dup", errno);
    return 0;
  }
  napi_value name;
  napi_create_string_utf8(env, "ferro-tftp-transfer", NAPI_AUTO_LENGTH, &name);
  if (napi_create_threadsafe_function(env, on_end, NULL, name, 0, 1, NULL, NULL, NULL, call_on_end, &t->on_end) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "startTransfer: onEnd must be a function");
    return 0;
  }
  return 1;
}

/** Allocates the read buffer and starts the thread; 0 (and a pending error) on failure. */
static int start_thread(napi_env env, tftp_transfer* t) {
  if (t->bytes == NULL) {
    size_t blocks = TFTP_BATCH_BYTES / t->blksize;
    t->buffer_capacity = (blocks < 1 ? 1 : blocks) * t->blksize;
    t->buffer = malloc(t->buffer_capacity);
    if (t->buffer == NULL) return throw_error(env, "ENOMEM", "read buffer", ENOMEM), 0;
  }
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t thread;
  int err = pthread_create(&thread, &attr, transfer_thread, t);
  pthread_attr_destroy(&attr);
  if (err != 0) return throw_error(env, "EAGAIN", "pthread_create", err), 0;
  return 1;
}

static napi_value start_transfer(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  tftp_transfer* t = calloc(1, sizeof *t);
  if (t == NULL) return throw_error(env, "ENOMEM", "startTransfer", ENOMEM);
  t->sock = t->file_fd = -1;
  t->refs = 1;
  t->use_gso = 1;
  pthread_mutex_init(&t->lock, NULL);
  struct sockaddr_storage local;
  socklen_t local_len = 0;
  if (argc != 1 || !read_options(env, argv[0], t, &local, &local_len)) {
    if (argc != 1) napi_throw_type_error(env, "EINVAL", "startTransfer(options)");
    if (t->on_end != NULL) napi_release_threadsafe_function(t->on_end, napi_tsfn_abort);
    unref(t);
    return NULL;
  }
  if ((t->sock = open_transfer_socket(&local, local_len)) < 0) {
    int err = errno;
    napi_release_threadsafe_function(t->on_end, napi_tsfn_abort);
    unref(t);
    return throw_error(env, err == EADDRNOTAVAIL ? "EADDRNOTAVAIL" : "EIO", "bind", err);
  }
  t->refs = 2; // the JS handle and the thread
  if (!start_thread(env, t)) {
    napi_release_threadsafe_function(t->on_end, napi_tsfn_abort);
    t->refs = 1;
    unref(t);
    return NULL;
  }
  napi_value handle;
  napi_create_external(env, t, finalize_handle, NULL, &handle);
  return handle;
}

static napi_value abort_transfer(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  void* data = NULL;
  char message[256];
  size_t length = 0;
  if (argc != 2 || napi_get_value_external(env, argv[0], &data) != napi_ok ||
      napi_get_value_string_utf8(env, argv[1], message, sizeof message, &length) != napi_ok) {
    napi_throw_type_error(env, "EINVAL", "abortTransfer(handle, message)");
    return NULL;
  }
  tftp_transfer* t = data;
  pthread_mutex_lock(&t->lock);
  if (t->sock >= 0 && !__atomic_load_n(&t->aborted, __ATOMIC_ACQUIRE)) {
    memcpy(t->abort_message, message, length + 1);
    __atomic_store_n(&t->aborted, 1, __ATOMIC_RELEASE);
    // Wakes the thread blocked in recvfrom (it returns 0); on an unconnected UDP socket shutdown reports
    // ENOTCONN but still sets the flag and wakes readers (inet_shutdown).
    (void)shutdown(t->sock, SHUT_RD);
  }
  pthread_mutex_unlock(&t->lock);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "startTransfer", NAPI_AUTO_LENGTH, start_transfer, NULL, &fn);
  napi_set_named_property(env, exports, "startTransfer", fn);
  napi_create_function(env, "abortTransfer", NAPI_AUTO_LENGTH, abort_transfer, NULL, &fn);
  napi_set_named_property(env, exports, "abortTransfer", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
