"""The seed's demo (demos/demo.py), ported to Python 3: every GET answers one line; GET /shutdown stops the server.

    python3 docs/seed/demo.py [PORT] [PROCESSES] [THREADS]    (defaults: 8888, the number of cores, 64)

Changes that Python 3 needs are marked "PORT:". The seed's demo takes no arguments; the ones here, marked "DEMO:",
let the demonstrations pick a free port (0, named by the first line printed) and a small pool.
"""

import http.server  # PORT: Python 2's BaseHTTPServer.
import os
import sys
import threading

from pooled_process_mixin import PooledProcessMixIn


class MyTestHandler(http.server.BaseHTTPRequestHandler):
    """Answers with the parent's and its own pid, its thread, the URI and the client's address."""

    def do_GET(self):
        self.send_response(200)
        self.send_header('Content-Type', 'text/plain')
        self.end_headers()
        line = 'PPID=[%d] PID=[%d] thread=[%s] uri=[%s] from [%s]' % (
            os.getppid(), os.getpid(), threading.current_thread().name, self.path, self.client_address[0])
        self.wfile.write(line.encode())  # PORT: a Python 3 socket writes bytes.
        if self.path == '/shutdown':
            print('testing software shutting down.', flush=True)  # PORT: print()
            self.server.shutdown()


class MyHTTPTest(PooledProcessMixIn, http.server.HTTPServer):
    def __init__(self, port, processes, threads):  # DEMO: the seed's takes no arguments.
        if processes:
            self._process_n = processes
        if threads:
            self._thread_n = threads
        http.server.HTTPServer.__init__(self, ('127.0.0.1', port), MyTestHandler)
        self._init_pool()
        print('listening on http://127.0.0.1:%d/' % self.server_address[1], flush=True)  # PORT: print()


def main():
    # DEMO: 0 processes or threads means the seed's default (one process per core, at least 2; 64 threads).
    port, processes, threads = [int(arg) for arg in sys.argv[1:4]] + [8888, 0, 0][len(sys.argv[1:4]):]
    test = MyHTTPTest(port, processes, threads)
    try:
        test.serve_forever()
    finally:
        test.shutdown()
    print('Done.', flush=True)  # PORT: print()


if __name__ == '__main__':
    main()
