"""Starts moto server for the kata harness.

Differences from `moto_server`:
- binds 127.0.0.1 on a port the OS picks and prints {"port": N} once it listens, so the
  harness never races another process for a port;
- exits as soon as the process that started it is gone (Ctrl-C, a killed test run), so a
  moto server is never left behind;
- a new account shares the AWS managed policies' documents with every other account
  (shared_managed_policies.py), so a moto that meets hundreds of accounts stays small.
"""
import json
import os
import sys
import threading
import time

from werkzeug.serving import make_server

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

import shared_managed_policies


def exit_when_orphaned(parent_pid: int) -> None:
    while True:
        if os.getppid() != parent_pid:
            os._exit(0)
        time.sleep(0.5)


def main() -> None:
    parent_pid = os.getppid()
    shared_managed_policies.install()
    threading.Thread(target=exit_when_orphaned, args=(parent_pid,), daemon=True).start()

    app = DomainDispatcherApplication(create_backend_app)
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    sys.stdout.write(json.dumps({"port": server.server_port}) + "\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
