/**
 * The bot's message ids for Slack. A Slack message is known by its channel and `ts` (unique only
 * within a channel), and a reply must be posted under its thread's root, never under another reply.
 * So an id carries all three: `C123/<root ts>` for a message at the top of a channel,
 * `C123/<root ts>/<own ts>` for a reply in a thread. Things that are not messages (a button click, a
 * modal submission, a slash command, an edit) add `#<what>` so their ids never collide with a
 * message's, while still naming the thread they belong to.
 */

export interface SlackMessageRef {
	channel: string;
	/** The thread's root: the message's own ts when it is not a reply. */
	rootTs?: string;
	/** The message's own ts, when the id names a message. */
	ts?: string;
	suffix?: string;
}

const TS = /^\d+\.\d+$/;
const ID = /^([A-Za-z0-9_-]+)(?:\/(\d+\.\d+)(?:\/(\d+\.\d+))?)?(?:#(.+))?$/;

export function slackMessageId(parts: {
	channel: string;
	ts?: string;
	threadTs?: string;
	suffix?: string;
}): string {
	const { channel, ts, threadTs, suffix } = parts;
	const root = threadTs ?? ts;
	let id = channel;
	if (root) id += `/${root}`;
	if (ts && root && ts !== root) id += `/${ts}`;
	return suffix ? `${id}#${suffix}` : id;
}

export function parseSlackMessageId(id: string): SlackMessageRef | null {
	const match = ID.exec(id);
	if (!match?.[1]) return null;
	const [, channel, rootTs, ownTs, suffix] = match;
	return {
		channel,
		...(rootTs ? { rootTs } : {}),
		...(ownTs ? { ts: ownTs } : rootTs && !suffix ? { ts: rootTs } : {}),
		...(suffix ? { suffix } : {}),
	};
}

/** The ts to post under so a message joins the thread of the message `id` names. */
export function threadTsOf(id: string): string | undefined {
	const rootTs = parseSlackMessageId(id)?.rootTs;
	return rootTs && TS.test(rootTs) ? rootTs : undefined;
}
