/**
 * TRUST_PROXY → Fastify's trustProxy. Which X-Forwarded-For entries are believed decides the address
 * the login throttle and the rate limits count by: believing every hop lets a client pick its own.
 *
 *   off (default)      the connecting address; X-Forwarded-For is ignored
 *   on                 one proxy hop (same as 1)
 *   <n>                n proxy hops: the n-th address from the right of X-Forwarded-For
 *   <addr>[,<addr>…]   the listed proxy addresses or CIDR ranges, however many hops
 */
import { isIP } from "node:net";

export type TrustProxy =
	| false
	| string
	| ((address: string, hop: number) => boolean);

const HOPS = /^\d{1,2}$/;

function isAddressOrRange(entry: string): boolean {
	const [address = "", prefix, ...rest] = entry.split("/");
	if (rest.length > 0 || isIP(address) === 0) return false;
	if (prefix === undefined) return true;
	const bits = Number(prefix);
	return /^\d{1,3}$/.test(prefix) && bits <= (isIP(address) === 4 ? 32 : 128);
}

/** The problem with a TRUST_PROXY value, or null when it is valid. */
export function trustProxyProblem(value: string): string | null {
	const v = value.trim();
	if (v === "" || v === "on" || v === "off" || HOPS.test(v)) return null;
	const entries = v.split(",").map((e) => e.trim());
	return entries.length > 0 && entries.every(isAddressOrRange)
		? null
		: "use off, on (one hop), a number of hops, or a comma-separated list of proxy addresses or CIDR ranges";
}

export function trustProxySetting(
	value: string | number | boolean | undefined,
): TrustProxy {
	const v = String(value ?? "off").trim();
	if (v === "" || v === "off" || v === "false" || v === "0") return false;
	const hops = v === "on" || v === "true" ? 1 : HOPS.test(v) ? Number(v) : null;
	// Fastify's own numeric trustProxy believes no hop at all (fastify ≥ 5.8); this counts them.
	if (hops !== null) return (_address, hop) => hop < hops;
	return v
		.split(",")
		.map((e) => e.trim())
		.join(",");
}
