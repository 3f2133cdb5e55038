/**
 * The modal a button opens when its command needs words (progress, resolve, transfer, can't do),
 * and reading its submission back into the command's text. Pure.
 */
import type { Locale } from "../../bot/texts/catalog.ts";
import { slackText } from "../../bot/texts/slack.ts";
import type { CommandForm, SlackBlock } from "./blocks.ts";

export const COMMAND_MODAL = "qq-command";

/** Where the command came from, carried through the modal in `private_metadata`. */
export interface ModalOrigin {
	command: string;
	form: CommandForm;
	channel: string;
	rootTs?: string;
}

type StateValues = Record<
	string,
	Record<string, { value?: string | null } | undefined> | undefined
>;

const plain = (text: string) => ({ type: "plain_text", text, emoji: true });

function input(blockId: string, label: string, multiline: boolean): SlackBlock {
	return {
		type: "input",
		block_id: blockId,
		label: plain(label),
		element: { type: "plain_text_input", action_id: "value", multiline },
	};
}

function fieldsOf(form: CommandForm, locale: Locale): SlackBlock[] {
	const t = (key: Parameters<typeof slackText>[1]) => slackText(locale, key);
	switch (form) {
		case "transfer":
			return [
				input("department", t("field_department"), false),
				input("reason", t("field_reason"), true),
			];
		case "reason":
			return [input("reason", t("field_reason"), true)];
		default:
			return [input("note", t("field_note"), true)];
	}
}

/** Slack limits a modal title to 24 characters. */
function titleOf(label: string): string {
	return [...label].slice(0, 24).join("");
}

export function commandModal(
	origin: ModalOrigin,
	label: string,
	locale: Locale,
): SlackBlock {
	return {
		type: "modal",
		callback_id: COMMAND_MODAL,
		private_metadata: JSON.stringify(origin),
		title: plain(titleOf(label)),
		submit: plain(slackText(locale, "modal_submit")),
		close: plain(slackText(locale, "modal_cancel")),
		blocks: [
			{
				type: "context",
				elements: [{ type: "plain_text", text: origin.command }],
			},
			...fieldsOf(origin.form, locale),
		],
	};
}

/** The command text the submission stands for: "#12 转办 人社局 不属于我局职责". */
export function readCommandModal(view: {
	private_metadata?: string;
	state?: { values?: StateValues };
}): { origin: ModalOrigin; text: string } | null {
	let origin: ModalOrigin;
	try {
		origin = JSON.parse(view.private_metadata ?? "") as ModalOrigin;
	} catch {
		return null;
	}
	if (typeof origin?.command !== "string" || typeof origin.channel !== "string")
		return null;
	const values = view.state?.values ?? {};
	const field = (blockId: string) =>
		(values[blockId]?.value?.value ?? "").trim();
	const words =
		origin.form === "transfer"
			? [field("department").replace(/\s+/g, " "), field("reason")]
			: origin.form === "reason"
				? [field("reason")]
				: [field("note")];
	const text = [origin.command, ...words.filter((w) => w !== "")].join(" ");
	return { origin, text };
}
