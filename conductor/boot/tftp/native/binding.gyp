{
  "targets": [
    {
      "target_name": "tftp_data_path",
      "sources": ["addon.c", "transfer-loop.c", "send-window.c"],
      "cflags": ["-O2", "-Wall", "-Wextra", "-Wno-unused-parameter", "-pthread"],
      "ldflags": ["-pthread"]
    }
  ]
}
