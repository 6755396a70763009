"""One warm LibreOffice, driven over UNO; run by a Python that has the ``uno`` module.

This file is NOT imported by vbgen: :mod:`vbgen.pdf.pool` runs it as a script with the
Python that LibreOffice's UNO bridge belongs to (Debian's /usr/bin/python3 with python3-uno,
or the python bundled with LibreOffice on Windows and macOS), which is usually not the Python
running vbgen. So it is self-contained and uses the standard library only.

    python worker.py SOFFICE WORK_DIR

It starts one headless LibreOffice with its own user profile (WORK_DIR/profile) in its own
session (process group), connects to it over a private pipe, then reads one JSON job per line
on stdin, ``{"id", "src", "dst"}`` (.docx in, PDF out; an optional ``"filter"`` holds PDF export
options such as ``{"SelectPdfVersion": 2}``; an optional ``"export"`` names another export filter,
e.g. ``"MS Word 2007 XML"`` to save a .doc/.odt as .docx), and answers one JSON line per job on
stdout: ``{"id", "ok": true}`` or ``{"id", "ok": false, "error", "fatal"}`` (fatal: this
LibreOffice is gone; the worker exits after saying so). Its first lines are
``{"started": true, "soffice_pid": N}`` as soon as LibreOffice runs, then
``{"ready": true, "soffice_pid": N}`` (or ``{"ready": false, "error"}``).

It stops LibreOffice, removes WORK_DIR and exits when stdin closes, when its parent process
goes away however it ended (a watchdog notices the parent pid change, e.g. after SIGKILL), or
on SIGTERM/SIGINT/SIGHUP; when vbgen ended without stopping it, the last worker also removes
the Office's folder.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError as _e:  # the parent tries the next Python
    sys.stdout.write(json.dumps({"ready": False, "error": "no uno module: %s" % _e, "no_uno": True}) + "\n")
    sys.stdout.flush()
    sys.exit(3)

CONNECT_TIMEOUT = 90.0
_out_lock = threading.Lock()


def say(obj):
    with _out_lock:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()


def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


class Soffice:
    """The LibreOffice process and the UNO desktop it serves."""

    def __init__(self, exe, work_dir):
        self.pipe = "vbgen-%d-%s" % (os.getpid(), uuid.uuid4().hex[:12])
        profile = uno.systemPathToFileUrl(os.path.abspath(os.path.join(work_dir, "profile")))
        cmd = [exe, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
               "-env:UserInstallation=" + profile, "--accept=pipe,name=%s;urp;" % self.pipe]
        kw = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
              "env": dict(os.environ, TZ="UTC")}  # the PDF's date stamp is rewritten later: keep its format fixed
        if os.name == "nt":
            kw["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            kw["start_new_session"] = True  # soffice -> oosplash -> soffice.bin: stop the whole group
        self.proc = subprocess.Popen(cmd, **kw)
        self.desktop = None

    def connect(self):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + CONNECT_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError("LibreOffice exited with code %s while starting" % self.proc.returncode)
            try:
                ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % self.pipe)
                break
            except NoConnectException:
                if time.monotonic() > deadline:
                    raise RuntimeError("LibreOffice did not accept a connection within %g s" % CONNECT_TIMEOUT)
                time.sleep(0.05)
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def convert(self, src, dst, filter_data=None, export=None):
        # the same load and export as 'soffice --convert-to pdf' (same bytes once normalised);
        # filter_data: PDF export options, e.g. {"SelectPdfVersion": 2} for PDF/A-2b;
        # export: another filter ("MS Word 2007 XML": .doc/.odt/.rtf -> .docx)
        doc = self.desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                                props(Hidden=True, ReadOnly=True, UpdateDocMode=0))
        if doc is None:
            raise ValueError("LibreOffice could not open the file (damaged or not a Word document)")
        try:
            url = uno.systemPathToFileUrl(dst)
            if export:
                doc.storeToURL(url, props(FilterName=export))
            elif filter_data:
                # a sequence of PropertyValue inside a PropertyValue's Any must be typed explicitly,
                # and only uno.invoke passes a uno.Any through
                data = uno.Any("[]com.sun.star.beans.PropertyValue", props(**filter_data))
                uno.invoke(doc, "storeToURL", (url, props(FilterName="writer_pdf_Export", FilterData=data)))
            else:
                doc.storeToURL(url, props(FilterName="writer_pdf_Export"))
        finally:
            try:
                doc.close(True)
            except Exception:  # noqa: BLE001 - the PDF is written; a failed close is LibreOffice's business
                pass

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            try:
                if os.name == "nt":
                    subprocess.run(["taskkill", "/F", "/T", "/PID", str(self.proc.pid)], capture_output=True)
                else:
                    os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            self.proc.wait(10)
        except Exception:  # noqa: BLE001
            pass


def main():
    exe, work_dir = sys.argv[1], sys.argv[2]
    office = Soffice(exe, work_dir)
    say({"started": True, "soffice_pid": office.proc.pid})
    done = threading.Event()

    def shutdown(*_args, orphaned=False):
        office.stop()
        shutil.rmtree(work_dir, ignore_errors=True)
        if orphaned:  # nobody is left to remove the Office's folder: the last worker does, once it is empty
            parent_dir = os.path.dirname(os.path.abspath(work_dir))
            for _ in range(30):  # the other workers are removing their profiles too
                try:
                    os.rmdir(parent_dir)
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)
        os._exit(0)

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), shutdown)
    parent = os.getppid()

    def watchdog():  # the parent ended without closing stdin (SIGKILL ...): stop LibreOffice too
        while not done.wait(0.5):
            if os.getppid() != parent:
                shutdown(orphaned=True)

    threading.Thread(target=watchdog, daemon=True).start()
    try:
        office.connect()
    except Exception as e:  # noqa: BLE001 - reported to the parent
        say({"ready": False, "error": str(e)})
        shutdown()
    say({"ready": True, "soffice_pid": office.proc.pid})
    crashed = False
    for line in sys.stdin:
        try:
            job = json.loads(line)
        except ValueError:
            continue
        try:
            office.convert(job["src"], job["dst"], job.get("filter"), job.get("export"))
            say({"id": job.get("id"), "ok": True})
        except Exception as e:  # noqa: BLE001 - every failure is an answer
            # pyuno names its exception classes in full ("com.sun.star.lang.DisposedException"):
            # compare the last part, or a killed LibreOffice is taken for a bad document and kept
            fatal = not office.alive() or type(e).__name__.rsplit(".", 1)[-1] in ("DisposedException", "RuntimeException")
            say({"id": job.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e), "fatal": fatal})
            if fatal:
                crashed = True
                break
    done.set()
    # stdin closed: vbgen is ending without stopping us (it kills us when it does), so nobody
    # else will remove the Office's folder; after a crash vbgen goes on and keeps it
    shutdown(orphaned=not crashed)


if __name__ == "__main__":
    main()
