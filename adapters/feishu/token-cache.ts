/**
 * The SDK's token cache, one per adapter instead of the SDK's process-wide one: two apps (or a test's
 * two fakes) never share a tenant token, and a token Feishu calls invalid before its time is dropped
 * so the next call fetches a new one. Tokens stay in memory only.
 */
export interface TokenCache {
	set(
		key: string | { toString(): string },
		value: unknown,
		expire?: number,
		options?: { namespace?: string },
	): Promise<boolean>;
	get(
		key: string | { toString(): string },
		options?: { namespace?: string },
	): Promise<unknown>;
	clear(): void;
}

export function createTokenCache(): TokenCache {
	const values = new Map<string, { value: unknown; expire?: number }>();
	const keyOf = (key: string | { toString(): string }, namespace?: string) =>
		`${namespace ?? ""}/${key.toString()}`;
	return {
		async set(key, value, expire, options) {
			values.set(keyOf(key, options?.namespace), {
				value,
				...(expire ? { expire } : {}),
			});
			return true;
		},
		async get(key, options) {
			const entry = values.get(keyOf(key, options?.namespace));
			if (!entry) return undefined;
			if (entry.expire && entry.expire <= Date.now()) return undefined;
			return entry.value;
		},
		clear: () => values.clear(),
	};
}
