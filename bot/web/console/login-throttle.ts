/**
 * Password guessing at the console login: after `perAccount` failed attempts on one account, or
 * `perAddress` from one address, within `windowMs`, further attempts are refused until the oldest
 * failure leaves the window. A locked-out official still has the one-time link (`登录` in a private
 * chat). Counted in memory, per web process.
 */
export interface LoginThrottleOptions {
	perAccount?: number;
	perAddress?: number;
	windowMs?: number;
	now?: () => number;
}

export interface LoginThrottle {
	/** How long the attempt must wait; 0 when it may go ahead. */
	waitMs(account: string, address: string): number;
	recordFailure(account: string, address: string): void;
	/** A successful login clears the account's failures (not the address's). */
	recordSuccess(account: string): void;
}

const MAX_TRACKED = 10_000;

export function createLoginThrottle(
	options: LoginThrottleOptions = {},
): LoginThrottle {
	const perAccount = options.perAccount ?? 5;
	const perAddress = options.perAddress ?? 20;
	const windowMs = options.windowMs ?? 15 * 60_000;
	const now = options.now ?? Date.now;
	const failures = new Map<string, number[]>();

	function recent(key: string): number[] {
		const since = now() - windowMs;
		const kept = (failures.get(key) ?? []).filter((at) => at > since);
		if (kept.length === 0) failures.delete(key);
		else failures.set(key, kept);
		return kept;
	}

	function wait(key: string, max: number): number {
		const times = recent(key);
		if (times.length < max) return 0;
		const oldest = times[times.length - max] ?? now();
		return Math.max(1, oldest + windowMs - now());
	}

	const accountKey = (account: string) =>
		`account:${account.trim().toLowerCase()}`;
	const addressKey = (address: string) => `address:${address}`;

	return {
		waitMs: (account, address) =>
			Math.max(
				wait(accountKey(account), perAccount),
				wait(addressKey(address), perAddress),
			),
		recordFailure(account, address) {
			if (failures.size >= MAX_TRACKED) failures.clear();
			for (const key of [accountKey(account), addressKey(address)])
				failures.set(key, [...recent(key), now()]);
		},
		recordSuccess(account) {
			failures.delete(accountKey(account));
		},
	};
}
