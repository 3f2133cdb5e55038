import {
	closeSync,
	mkdirSync,
	openSync,
	readFileSync,
	rmSync,
	writeFileSync,
} from "node:fs";
import { resolve } from "node:path";

export class DataDirInUseError extends Error {
	readonly code = "data_dir_in_use";
}

/**
 * One bot per data directory: PGlite cannot be opened by two processes. A lock file names the holder;
 * a stale one (its process is gone) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
	mkdirSync(dataDir, { recursive: true });
	const path = resolve(dataDir, "qinqing.lock");
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const fd = openSync(path, "wx");
			writeFileSync(fd, String(process.pid));
			closeSync(fd);
			return () => rmSync(path, { force: true });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
			const holder = Number(readFileSync(path, "utf8"));
			if (holder && isRunning(holder)) {
				throw new DataDirInUseError(
					`Another Qinqing (pid ${holder}) is using ${resolve(dataDir)}. Stop it first, or give this one its own DATA_DIR.`,
				);
			}
			rmSync(path, { force: true });
		}
	}
	throw new DataDirInUseError(`Could not lock ${path}`);
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === "EPERM";
	}
}
