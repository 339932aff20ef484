"""The seed's failures, live: each scenario run on the Python 3 port of the seed, or the same scenario on layer 5.

    python3 docs/seed/failures.py seed   [SCENARIO ...]
    python3 docs/seed/failures.py layer5 PATH-TO-PooledMixIn.Demo [SCENARIO ...]

Scenarios: hung-shutdown, token-holder-killed, idle-cliff, lost-handoff (default: all). Every server binds
127.0.0.1 port 0 in a session of its own and is killed, with every process of that session, when its scenario ends.
Every wait is bounded: "no answer" means none within NO_ANSWER_S seconds, and a client that expects an answer
waits at most ANSWER_S (it returns as soon as the answer is in, so a healthy run does not wait that long). A kill
happens at the exact step a pool thread reports from the port's test hook (SEED_PARK_AT), never after a guessed
sleep. SIGTERM or SIGINT ends a run early and still kills the server it was running.

Each scenario prints what it shows and ends with a verdict line: "shown:" when the run showed what the tutorial
claims (on the seed, the failure; on layer 5, its absence), "NOT SHOWN:" otherwise. The exit code is the number
of claims not shown.
"""

import os
import re
import selectors
import signal
import socket
import subprocess
import sys
import time

NO_ANSWER_S = 2.0
ANSWER_S = 10.0
START_S = 30.0
REPLACEMENT_S = 30.0
HERE = os.path.dirname(os.path.abspath(__file__))


class Server:
    """One server, its output read line by line with deadlines, and every process of its session killed at the end."""

    def __init__(self, argv, env=None):
        self.process = subprocess.Popen(
            argv, cwd=HERE, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            env=dict(os.environ, PYTHONUNBUFFERED='1', PYTHONDONTWRITEBYTECODE='1', **(env or {})), start_new_session=True,
            # A shell starts a background job with SIGINT ignored, and the ignoring is inherited: undo it, so that
            # the Ctrl+C below reaches the server as it would from a terminal.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        self._pending = b''
        self.output = []
        line = self.wait_for_line('listening on http://127.0.0.1:', START_S)
        if line is None:
            self.kill()
            raise RuntimeError('the server did not start: %r' % self.output)
        self.port = int(line.split('http://127.0.0.1:')[1].split('/')[0])

    def wait_for_line(self, prefix, timeout_s):
        """Returns the first new output line that starts with prefix, or None if none comes within timeout_s."""
        deadline = time.monotonic() + timeout_s
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            while True:
                while b'\n' in self._pending:
                    raw, self._pending = self._pending.split(b'\n', 1)
                    line = raw.decode(errors='replace')
                    self.output.append(line)
                    if line.startswith(prefix):
                        return line
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    return None
                chunk = os.read(self.process.stdout.fileno(), 65536)
                if not chunk:
                    return None
                self._pending += chunk

    def interrupt(self):
        """Ctrl+C, as a terminal sends it: SIGINT to every process of the session's group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def exited_within(self, timeout_s):
        try:
            self.process.wait(timeout=timeout_s)
            return True
        except subprocess.TimeoutExpired:
            return False

    def children(self):
        """The server process's live children, read from /proc (only this server's, whatever else runs)."""
        found = []
        for entry in os.listdir('/proc'):
            if entry.isdigit():
                try:
                    with open('/proc/%s/stat' % entry) as stat:
                        fields = stat.read().rsplit(')', 1)[1].split()
                except OSError:
                    continue
                if int(fields[1]) == self.process.pid and fields[0] != 'Z':
                    found.append(int(entry))
        return sorted(found)

    def wait_for_new_child(self, known, timeout_s):
        """Returns the pid of a child not in known, checking /proc every 50 ms for at most timeout_s, or None."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            new = set(self.children()) - set(known)
            if new:
                return min(new)
            time.sleep(0.05)
        return None

    def kill(self):
        """Kills every process of the server's session, and returns once none is left (or raises after 10 s)."""
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        self.process.stdout.close()
        deadline = time.monotonic() + 10
        while True:  # the workers die with the server, but a kill is delivered asynchronously
            try:
                os.killpg(self.process.pid, 0)
            except ProcessLookupError:
                return
            if time.monotonic() > deadline:
                raise RuntimeError('processes of the server %d outlived kill -9' % self.process.pid)
            time.sleep(0.02)


class Client:
    """One raw connection: HTTP/1.0, so that an answer ends when the server closes."""

    def __init__(self, port):
        self.socket = socket.create_connection(('127.0.0.1', port), timeout=5)
        self.started = time.monotonic()

    def send(self, path):
        self.socket.sendall(('GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' % path).encode())
        return self

    def outcome(self, timeout_s, close_s=None):
        """What the client saw: the answer line and whether the server closed, or why not. It waits at most timeout_s
        in all; with close_s, the close must come within close_s of the first bytes instead."""
        received = b''
        deadline = time.monotonic() + timeout_s
        waited = timeout_s
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise socket.timeout
                self.socket.settimeout(remaining)
                chunk = self.socket.recv(65536)
                if not chunk:
                    break
                if not received and close_s is not None:
                    deadline, waited = time.monotonic() + close_s, close_s
                received += chunk
        except socket.timeout:
            body = _last_line(received)
            return ('line, then no close within %.0f s: %s' % (waited, body)) if body else \
                ('no answer within %.0f s' % waited)
        except ConnectionResetError:
            return 'connection reset, no answer' if not received else 'reset after: ' + _last_line(received)
        finally:
            self.socket.close()
        body = _last_line(received)
        return ('answered in %d ms: %s' % (1000 * (time.monotonic() - self.started), body)) if body else \
            'closed with no answer'


def _last_line(data):
    lines = [line.strip() for line in data.decode(errors='replace').splitlines() if line.strip()]
    return lines[-1] if lines else ''


def get(port, path='/', timeout_s=ANSWER_S, close_s=None):
    return Client(port).send(path).outcome(timeout_s, close_s)


class Run:
    """How a scenario starts servers and reports, for the seed's port or for layer 5."""

    def __init__(self, name, layer5_binary=None):
        self.name = name
        self.layer5_binary = layer5_binary
        self.not_shown = 0

    def start(self, processes, threads, hook=None, extra=()):
        if self.layer5_binary is None:
            argv = [sys.executable, 'demo.py', '0', str(processes), str(threads)]
            return Server(argv, {'SEED_PARK_AT': hook} if hook else None)
        argv = [self.layer5_binary, '--port', '0', '--processes', str(processes), '--threads', str(threads), *extra]
        return Server(argv)

    def say(self, text):
        print('%s: %s' % (self.name, text), flush=True)

    def verdict(self, claim, holds):
        self.say(('shown: ' if holds else 'NOT SHOWN: ') + claim)
        self.not_shown += 0 if holds else 1


def hung_shutdown(run):
    server = run.start(2, 2)
    try:
        run.say('2 processes x 2 threads; GET / -> %s' % get(server.port))
        shutdown = get(server.port, '/shutdown', close_s=NO_ANSWER_S)
        run.say('GET /shutdown -> %s' % shutdown)
        if run.layer5_binary is None:
            # Each thread still idle serves one more connection, sees keep_running = 0 and returns; the thread that
            # ran /shutdown waits in socketserver's shutdown for a serve_forever that never ran in its process.
            after = [get(server.port) for _ in range(3)] + [get(server.port, timeout_s=NO_ANSWER_S)]
            for index, outcome in enumerate(after, 1):
                run.say('then GET / #%d -> %s' % (index, outcome))
            alive = server.process.poll() is None
            # A worker whose threads all served their last request exits; the one whose thread waits in shutdown
            # never does.
            run.say('server process alive: %s; workers alive: %d of 2' % (alive, len(server.children())))
            answered = sum(1 for outcome in after if outcome.startswith('answered'))
            run.verdict('asked to stop, the seed neither stops nor keeps serving: at most one more request per idle '
                        'thread (%d here), then nothing answers' % answered,
                        shutdown.startswith('line, then no close') and answered <= 3
                        and after[3].startswith('no answer') and alive and len(server.children()) >= 1)
        else:
            exited = server.exited_within(10)
            run.say('server exited within 10 s: %s (code %s); workers left: %d'
                    % (exited, server.process.returncode, len(server.children())))
            run.verdict('GET /shutdown answers, closes, and the whole pool exits',
                        shutdown.startswith('answered') and exited and not server.children())
    finally:
        server.kill()

    server = run.start(2, 2)
    try:
        run.say('a new server; GET / -> %s; then Ctrl+C (SIGINT to its process group)' % get(server.port))
        workers = server.children()
        server.interrupt()
        said = server.wait_for_line(('KeyboardInterrupt', 'server stopped'), 3 * NO_ANSWER_S)
        exited = server.exited_within(3 * NO_ANSWER_S)
        left = [pid for pid in workers if os.path.exists('/proc/%d' % pid)]
        run.say('last line printed: %s; exited within %.0f s: %s; workers left: %d of %d'
                % (said or '(none)', 3 * NO_ANSWER_S, exited, len(left), len(workers)))
        if run.layer5_binary is None:
            run.verdict('after Ctrl+C the seed never exits: its pool threads wait on the semaphore, and Python waits '
                        'for them',
                        not exited and len(left) == 2)
        else:
            run.verdict('after Ctrl+C the whole pool exits', exited and not left)
    finally:
        server.kill()


def token_holder_killed(run):
    if run.layer5_binary is None:
        server = run.start(2, 2, hook='token-taken')
        try:
            first = Client(server.port).send('/')
            parked = server.wait_for_line('seed-hook: parked at token-taken', 10)
            pid = int(parked.rsplit('pid=', 1)[1]) if parked else None
            run.say('2 processes x 2 threads; client A connects; %s' % (parked or 'no thread parked'))
            if pid:
                os.kill(pid, signal.SIGKILL)
                run.say('kill -9 %d, the worker holding the token' % pid)
            run.say('client A -> %s' % first.outcome(NO_ANSWER_S))
            second = get(server.port, timeout_s=NO_ANSWER_S)
            run.say('client B -> %s' % second)
            alive = [p for p in server.children() if p != pid]
            threads = [len(os.listdir('/proc/%d/task' % p)) - 1 for p in alive]  # less the main thread
            run.say('the other worker (pid %s) has %s pool threads alive, waiting for a token nobody releases'
                    % (alive[0] if alive else '-', threads[0] if threads else 0))
            run.verdict('the server process waits for ever for an event the dead thread was to set',
                        pid is not None and second.startswith('no answer') and threads == [2])
        finally:
            server.kill()
        return
    # Layer 5: the demo has no hook that stops a thread at that step (HandoffKillTests in the fault suite do). This
    # run kills a worker between requests and shows the pool answering on and replacing it.
    server = run.start(2, 2)
    try:
        answer = get(server.port)
        before = server.children()
        pid = int(re.search(r' PID=\[(\d+)\]', answer).group(1))
        os.kill(pid, signal.SIGKILL)
        run.say('2 processes x 2 threads; kill -9 %d, the worker that answered' % pid)
        after = [get(server.port) for _ in range(6)]
        for index, outcome in enumerate(after, 1):
            run.say('then GET / #%d -> %s' % (index, outcome))
        # The supervisor restarts a dead worker at once; its replacement is a new program starting, so allow it time.
        new = server.wait_for_new_child(before, REPLACEMENT_S)
        run.say('a replacement worker: %s' % ('pid %d' % new if new else 'none within %.0f s' % REPLACEMENT_S))
        run.verdict('a worker killed leaves the server answering, and is replaced',
                    all(a.startswith('answered') for a in after) and new is not None)
    finally:
        server.kill()


def idle_cliff(run, form=None):
    processes, threads = 2, 4
    extra = ('--connections', form) if form else ()
    label = ' (--connections %s)' % form if form else ''
    server = run.start(processes, threads, extra=extra)
    silent = []
    try:
        silent = [Client(server.port) for _ in range(processes * threads - 1)]
        below = get(server.port)
        run.say('%d x %d threads%s; %d silent connections, then a new client -> %s'
                % (processes, threads, label, len(silent), below))
        silent.append(Client(server.port))
        at = get(server.port, timeout_s=ANSWER_S if form == 'event' else NO_ANSWER_S)
        run.say('%d silent connections, then a new client -> %s' % (len(silent), at))
        if run.layer5_binary is None:
            run.verdict('P x T silent clients hold every thread; the next client gets no answer',
                        below.startswith('answered') and at.startswith('no answer'))
        elif form == 'event':
            more = [Client(server.port) for _ in range(10 * processes * threads)]
            many = get(server.port)
            run.say('%d silent connections, then a new client -> %s' % (len(silent) + len(more), many))
            silent.extend(more)
            run.verdict('in the event form a silent client holds no thread: new clients are answered',
                        at.startswith('answered') and many.startswith('answered'))
        else:
            run.verdict('in the thread form the cliff remains until the head deadline (20 s): a bound, not a cure',
                        below.startswith('answered') and at.startswith('no answer'))
    finally:
        for client in silent:
            client.socket.close()
        server.kill()


def lost_handoff(run):
    if run.layer5_binary is not None:
        run.say('not run: the demo has no hook that stops a thread between accept and acknowledgement; '
                'HandoffKillTests in tests/FaultInjection.Tests kill a worker parked at each step of the hand-off')
        return
    server = run.start(2, 2, hook='accepted')
    try:
        first = Client(server.port).send('/')
        parked = server.wait_for_line('seed-hook: parked at accepted', 10)
        pid = int(parked.rsplit('pid=', 1)[1]) if parked else None
        run.say('2 processes x 2 threads; client A connects; %s' % (parked or 'no thread parked'))
        if pid:
            os.kill(pid, signal.SIGKILL)
            run.say('kill -9 %d, the worker that accepted client A and had not set the event' % pid)
        lost = first.outcome(NO_ANSWER_S)
        run.say('client A -> %s' % lost)
        second = get(server.port, timeout_s=NO_ANSWER_S)
        run.say('client B -> %s' % second)
        run.verdict('the accepted connection is lost with its worker, and the server process hangs as well',
                    pid is not None and lost.startswith(('connection reset', 'closed with no answer'))
                    and second.startswith('no answer'))
    finally:
        server.kill()


SCENARIOS = {
    'hung-shutdown': [hung_shutdown],
    'token-holder-killed': [token_holder_killed],
    'idle-cliff': [idle_cliff],
    'lost-handoff': [lost_handoff],
}
LAYER5_FORMS = {idle_cliff: ('thread', 'event')}


def main(argv):
    # SIGTERM (as timeout sends it) raises SystemExit, so the running scenario's finally still kills its server.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    if argv[:1] == ['seed']:
        run, names = Run('seed'), argv[1:]
    elif argv[:1] == ['layer5'] and len(argv) >= 2:
        run, names = Run('layer 5', os.path.abspath(argv[1])), argv[2:]
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for name in names or list(SCENARIOS):
        print('## %s' % name, flush=True)
        for scenario in SCENARIOS[name]:
            if run.layer5_binary is not None and scenario in LAYER5_FORMS:
                for form in LAYER5_FORMS[scenario]:
                    scenario(run, form)
            else:
                scenario(run)
    return run.not_shown


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
