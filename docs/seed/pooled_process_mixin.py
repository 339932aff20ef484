"""The seed's pool, ported to Python 3 for the tutorial: a port, not a fix.

PooledProcessMixIn 0.0.2 (Muayyad Alsadi, 2012) is a Python 2 mix-in for socketserver. This file re-implements its
design for Python 3, written for this tutorial: the same methods, the same three shared objects (a semaphore that
starts at 0, an event, a shared integer, plus an event the processes wait on) and the same protocol:

    server process: socket readable -> clear the event, release one token, wait for the event (no timeout)
    pool thread:    take a token (no timeout) -> accept -> set the event -> verify, process, shut down

Its defects are kept on purpose, because the tutorial runs them (failures.py); comments marked "Defect:" say where
they live. Where Python 3 needs a change, the line says "PORT:"; the one addition that is not the seed's design is
a test hook, marked "HOOK:".
"""

import multiprocessing
import os
import socket
import socketserver  # PORT: Python 2 named it SocketServer.
import sys
import threading

# PORT: since Python 3.14 the default start method on Linux is forkserver, which pickles a process's target. The
# seed's target is a bound method of the server, listening socket included, and only fork hands that over.
_fork = multiprocessing.get_context('fork')

# HOOK: SEED_PARK_AT names a step of a pool thread's turn: "token-taken" (it holds the token and has not accepted)
# or "accepted" (it holds the connection and has not set the event). The first thread of the pool to reach that step
# reports it on stderr and parks there for ever, so that a demonstration can kill -9 its process at exactly that
# moment without sleeping and guessing; every other thread passes. Unset, the hook does nothing.
_PARK_AT = os.environ.get('SEED_PARK_AT', '')
_parked = _fork.Value('i', 0) if _PARK_AT else None  # made before the fork, so the whole pool shares it


def _hook(step):
    if step != _PARK_AT:
        return
    with _parked.get_lock():
        first, _parked.value = _parked.value == 0, 1
    if first:
        print('seed-hook: parked at %s pid=%d' % (step, os.getpid()), file=sys.stderr, flush=True)
        threading.Event().wait()


class PooledProcessMixIn:
    """Serves a socketserver server with processes x threads made once, handing each connection to one idle thread.

    Set _process_n and _thread_n before _init_pool (or before the first connection, which calls it).
    """

    def _handle_request_noblock(self):
        # socketserver's serve_forever calls this whenever the listening socket is readable. The seed overrides it
        # so that the server process never accepts: it hands the turn to a pool thread and waits until it is taken.
        if not getattr(self, '_pool_initialized', False):
            self._init_pool()
        self._event.clear()
        self._semaphore.release()
        self._event.wait()  # Defect: no timeout. A thread that dies before setting the event hangs this for ever.

    def _real_handle_request_noblock(self):
        # A pool thread's turn, once it holds the token: socketserver's own accept-verify-process, with the event set
        # as soon as accept returns (or fails), so that the server process polls again while this thread serves.
        _hook('token-taken')
        try:
            request, client_address = self.get_request()  # Defect: a blocking accept (see the chapter).
        except socket.error:
            self._event.set()
            return
        _hook('accepted')
        self._event.set()
        if self.verify_request(request, client_address):
            try:
                self.process_request(request, client_address)
                self.shutdown_request(request)
            except:  # noqa: E722 - the seed catches everything, as socketserver's handle_error expects.
                self.handle_error(request, client_address)
                self.shutdown_request(request)

    def _init_pool(self):
        self._pool_initialized = True
        self._process_n = getattr(self, '_process_n', max(2, multiprocessing.cpu_count()))
        self._thread_n = getattr(self, '_thread_n', 64)
        self._keep_running = _fork.Value('i', 1)
        self._shutdown_event = _fork.Event()
        self._event = _fork.Event()
        self._semaphore = _fork.Semaphore(1)
        self._semaphore.acquire()  # The token starts at 0: no connection is waiting yet.
        self._maintain_pool()

    def _maintain_pool(self):
        # Defect: called once. A process that dies is never replaced, and nothing watches them.
        self._processes = []
        for _ in range(self._process_n):
            process = _fork.Process(target=self._process_loop)
            process.start()
            self._processes.append(process)

    def _process_loop(self):
        # Non-daemon threads, then the process's main thread waits for the shutdown event. When the event comes the
        # main thread returns, and the process can end only once every pool thread has returned too.
        for _ in range(self._thread_n):
            thread = threading.Thread(target=self._thread_loop)
            thread.daemon = False  # PORT: Thread.setDaemon is deprecated since Python 3.10.
            thread.start()
        self._shutdown_event.wait()

    def _thread_loop(self):
        # Defect: keep_running is read only between turns, and the token is awaited with no timeout. Nothing ever
        # releases an idle thread at shutdown, so it blocks here, and keeps its process alive, for ever.
        while self._keep_running.value:
            self._semaphore.acquire()
            self._real_handle_request_noblock()

    def pool_shutdown(self):
        self._keep_running.value = 0
        self._shutdown_event.set()

    def shutdown(self):
        # socketserver's shutdown asks serve_forever to return and waits until it has: it must be called from
        # another thread of the process running serve_forever. The seed's demo calls it from a handler, that is,
        # from a pool thread of a worker process, where serve_forever never ran.
        self.pool_shutdown()
        socketserver.BaseServer.shutdown(self)
