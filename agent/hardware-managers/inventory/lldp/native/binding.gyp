{
  "targets": [
    {
      "target_name": "lldp_socket",
      "sources": ["lldp-socket.c"],
      "cflags": ["-O2", "-Wall", "-Wextra"]
    }
  ]
}
