// An exclusive lock on an embedded state file, so that two commands on one file cannot both load
// the state, change it and save it (the second save would drop the first one's writes). The lock is
// a sibling file created with O_EXCL (`<state>.lock`, holding the owner's pid, host and start
// time); a command waits for it, up to a timeout. A lock whose owner process is gone (same host) is
// stale and is broken, under a second O_EXCL file so that two waiters cannot both break it and one
// remove the other's fresh lock.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CliError } from "./errors";

interface LockOwner {
  pid: number;
  host: string;
  since: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function readOwner(file: string): LockOwner | null {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** True when the lock's owner is certainly gone: a dead pid on this host, or an unreadable file older than `staleMs`. */
function isStale(file: string, staleMs: number): boolean {
  const owner = readOwner(file);
  if (owner && owner.host === os.hostname()) return !alive(owner.pid);
  try {
    return Date.now() - fs.statSync(file).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

function tryCreate(file: string): boolean {
  try {
    const fd = fs.openSync(file, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), since: Date.now() } satisfies LockOwner));
    fs.closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

/** Removes `lock` if it is stale, holding `<lock>.break` so that only one waiter decides. */
function breakIfStale(lock: string, staleMs: number): void {
  const breaker = `${lock}.break`;
  // A breaker left by a process that died in these few lines is itself stale after a while.
  if (!tryCreate(breaker)) {
    if (isStale(breaker, 10_000)) fs.rmSync(breaker, { force: true });
    return;
  }
  try {
    if (isStale(lock, staleMs)) fs.rmSync(lock, { force: true });
  } finally {
    fs.rmSync(breaker, { force: true });
  }
}

export interface StateLock {
  release(): void;
}

/**
 * Takes the lock of `stateFile`, waiting up to `timeoutMs` for another command to finish.
 * Released by `release()` or when the process exits.
 */
export async function lockStateFile(stateFile: string, timeoutMs = Number(process.env.GROUNDWORK_LOCK_TIMEOUT_MS ?? 60_000), staleMs = 5 * 60_000): Promise<StateLock> {
  const lock = `${stateFile}.lock`;
  const deadline = Date.now() + timeoutMs;
  let wait = 20;
  const directory = path.dirname(path.resolve(stateFile));
  if (!fs.existsSync(directory)) {
    throw new CliError("STATE_FILE_NOT_FOUND", `the directory of the state file does not exist: ${directory}`, "check the path given with --url embedded:<state-file>", { stateFile });
  }
  for (;;) {
    if (tryCreate(lock)) break;
    breakIfStale(lock, staleMs);
    if (Date.now() > deadline) {
      const owner = readOwner(lock);
      throw new CliError("STATE_LOCKED", `the state file ${stateFile} is in use by another command${owner ? ` (pid ${owner.pid} on ${owner.host})` : ""}`,
        `wait for it to finish and retry; if no groundwork command is running, remove ${lock}`, { lockFile: lock });
    }
    await sleep(wait);
    wait = Math.min(wait * 2, 250);
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.removeListener("exit", release);
    const owner = readOwner(lock);
    if (owner && owner.pid === process.pid && owner.host === os.hostname()) fs.rmSync(lock, { force: true });
  };
  process.on("exit", release);
  return { release };
}
