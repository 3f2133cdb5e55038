/** Whether a listening address is reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
	const h = host
		.trim()
		.toLowerCase()
		.replace(/^\[|\]$/g, "");
	return (
		h === "localhost" ||
		h === "::1" ||
		h === "::ffff:127.0.0.1" ||
		/^127(\.\d{1,3}){3}$/.test(h)
	);
}
