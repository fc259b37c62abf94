{
  "targets": [
    {
      "target_name": "bind_device",
      "sources": ["bind-device.c", "router-advert.c"],
      "cflags": ["-O2", "-Wall"]
    }
  ]
}
