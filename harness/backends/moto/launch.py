"""Starts moto server for the kata harness.

Differences from `moto_server`:
- binds 127.0.0.1 on a port the OS picks (or --host and --port) and prints {"port": N} once
  it listens, so the harness never races another process for a port;
- exits as soon as the process that started it is gone (Ctrl-C, a killed test run), so a
  moto server is never left behind;
- a new account shares the AWS managed policies' documents with every other account
  (shared_managed_policies.py), so a moto that meets hundreds of accounts stays small.
"""
import argparse
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
    parser = argparse.ArgumentParser(description="moto server for the kata harness")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    parent_pid = os.getppid()
    shared_managed_policies.install()
    threading.Thread(target=exit_when_orphaned, args=(parent_pid,), daemon=True).start()

    app = DomainDispatcherApplication(create_backend_app)
    # werkzeug says why it cannot listen (port in use, no such address) and exits 1.
    server = make_server(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)
    sys.stdout.write(json.dumps({"port": server.server_port}) + "\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C in a terminal reaches the whole process group
        pass


if __name__ == "__main__":
    main()
