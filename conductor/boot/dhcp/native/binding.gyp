{
  "targets": [
    {
      "target_name": "bind_device",
      "sources": ["bind-device.c"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
