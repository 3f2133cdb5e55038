/**
 * Button clicks, modal submissions and `/qinqing` → the same command text a person could type, as
 * an InboundMessage from the person who clicked, in the thread. Permissions and wording then
 * go through the one command language. Pure: recorded payloads in, decisions out.
 */
import type { InboundMessage } from "../../bot/messages.ts";
import type { Locale } from "../../bot/texts/catalog.ts";
import {
	ACTION,
	formOf,
	RATING_ASPECTS,
	RATING_BLOCK,
	type SlackBlock,
} from "./blocks.ts";
import { slackMessageId } from "./ids.ts";
import { parseSlackMarkup } from "./markup.ts";
import { commandModal, readCommandModal } from "./modals.ts";

/** The fields of a `block_actions` payload we read. */
export interface BlockActionsPayload {
	type: "block_actions";
	user: { id: string; name?: string; username?: string };
	channel?: { id: string };
	container?: { channel_id?: string; message_ts?: string; thread_ts?: string };
	message?: { ts: string; thread_ts?: string };
	trigger_id?: string;
	actions: Array<{
		action_id: string;
		action_ts?: string;
		value?: string;
		text?: { text?: string };
	}>;
	state?: {
		values?: Record<
			string,
			Record<
				string,
				{ selected_option?: { value?: string } | null } | undefined
			>
		>;
	};
}

export interface ViewSubmissionPayload {
	type: "view_submission";
	user: { id: string; name?: string; username?: string };
	view: {
		id: string;
		callback_id?: string;
		private_metadata?: string;
		state?: {
			values?: Record<string, Record<string, { value?: string | null }>>;
		};
	};
}

export interface SlashCommandPayload {
	command: string;
	text: string;
	channel_id: string;
	user_id: string;
	user_name?: string;
	trigger_id: string;
}

export type ClickOutcome =
	| { kind: "message"; message: InboundMessage }
	| { kind: "modal"; triggerId: string; view: SlackBlock }
	| {
			kind: "rating_incomplete";
			channel: string;
			user: string;
			threadTs?: string;
	  }
	| { kind: "ignored" };

const isoOf = (ts: string | undefined) =>
	new Date(ts ? Math.round(Number(ts) * 1000) : Date.now()).toISOString();

function commandMessage(parts: {
	channel: string;
	rootTs?: string;
	suffix: string;
	user: { id: string; name?: string; username?: string };
	text: string;
	at?: string;
}): InboundMessage {
	const { channel, rootTs, user } = parts;
	const parsed = parseSlackMarkup(parts.text);
	const name = user.name ?? user.username;
	return {
		platform: "slack",
		messageId: slackMessageId({
			channel,
			threadTs: rootTs,
			suffix: parts.suffix,
		}),
		conversationId: channel,
		direct: channel.startsWith("D"),
		author: {
			externalId: user.id,
			...(name ? { displayName: name } : {}),
			isBot: false,
		},
		text: parsed.text,
		mentions: parsed.mentions,
		...(rootTs
			? { replyTo: { messageId: slackMessageId({ channel, ts: rootTs }) } }
			: {}),
		attachments: [],
		sentAt: isoOf(parts.at),
	};
}

export function interpretClick(
	payload: BlockActionsPayload,
	locale: Locale,
): ClickOutcome {
	const action = payload.actions[0];
	const channel = payload.channel?.id ?? payload.container?.channel_id;
	if (!action || !channel) return { kind: "ignored" };
	const ts = payload.message?.ts ?? payload.container?.message_ts;
	const rootTs =
		payload.message?.thread_ts ?? payload.container?.thread_ts ?? ts;
	const suffix = `click-${action.action_ts ?? ts}-${action.action_id}`;
	const command = action.value ?? "";

	if (action.action_id === ACTION.rateSubmit) {
		const values = payload.state?.values?.[RATING_BLOCK] ?? {};
		const scores = RATING_ASPECTS.map(
			(aspect) => values[`${ACTION.rate}-${aspect}`]?.selected_option?.value,
		);
		if (scores.some((score) => !score))
			return {
				kind: "rating_incomplete",
				channel,
				user: payload.user.id,
				...(rootTs ? { threadTs: rootTs } : {}),
			};
		const text = `${command} ${scores.join(" ")}`;
		return {
			kind: "message",
			message: commandMessage({
				channel,
				rootTs,
				suffix,
				user: payload.user,
				text,
				at: action.action_ts,
			}),
		};
	}
	if (action.action_id.startsWith(`${ACTION.form}-`) && payload.trigger_id) {
		return {
			kind: "modal",
			triggerId: payload.trigger_id,
			view: commandModal(
				{
					command,
					form: formOf(command),
					channel,
					...(rootTs ? { rootTs } : {}),
				},
				action.text?.text ?? command,
				locale,
			),
		};
	}
	if (action.action_id.startsWith(`${ACTION.command}-`) && command !== "") {
		return {
			kind: "message",
			message: commandMessage({
				channel,
				rootTs,
				suffix,
				user: payload.user,
				text: command,
				at: action.action_ts,
			}),
		};
	}
	// A select changing value: its choice is read when the rating is submitted.
	return { kind: "ignored" };
}

export function interpretSubmission(
	payload: ViewSubmissionPayload,
): InboundMessage | null {
	const read = readCommandModal(payload.view);
	if (!read) return null;
	return commandMessage({
		channel: read.origin.channel,
		rootTs: read.origin.rootTs,
		// A modal is submitted once; its view id names the submission.
		suffix: `view-${payload.view.id}`,
		user: payload.user,
		text: read.text,
	});
}

/** `/qinqing #12 受理` in a channel is "#12 受理" said in that channel (at its top: commands have no thread). */
export function interpretSlashCommand(
	payload: SlashCommandPayload,
): InboundMessage {
	return commandMessage({
		channel: payload.channel_id,
		suffix: `command-${payload.trigger_id}`,
		user: {
			id: payload.user_id,
			...(payload.user_name ? { name: payload.user_name } : {}),
		},
		// "/qinqing" alone asks for the commands.
		text: payload.text.trim() || "help",
	});
}
