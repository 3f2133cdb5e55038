/**
 * Each platform's declared capabilities, for the code that decides what to send without holding the
 * adapter (an inbound worker writing the outbox, the escalation engine). The adapters declare the same
 * objects as their `capabilities`; the contract suite checks they agree.
 */
import { DINGTALK_CAPABILITIES } from "../adapters/dingtalk/capabilities.ts";
import { FEISHU_CAPABILITIES } from "../adapters/feishu/capabilities.ts";
import { PLAYGROUND_CAPABILITIES } from "../adapters/playground/capabilities.ts";
import { SLACK_CAPABILITIES } from "../adapters/slack/capabilities.ts";
import { WECHAT_CAPABILITIES } from "../adapters/wechat/capabilities.ts";
import { WECOM_CAPABILITIES } from "../adapters/wecom/capabilities.ts";
import type { PlatformCapabilities } from "./capabilities.ts";
import type { Platform } from "./messages.ts";

export const PLATFORM_CAPABILITIES: Readonly<
	Record<Platform, PlatformCapabilities>
> = {
	wechat: WECHAT_CAPABILITIES,
	slack: SLACK_CAPABILITIES,
	playground: PLAYGROUND_CAPABILITIES,
	wecom: WECOM_CAPABILITIES,
	dingtalk: DINGTALK_CAPABILITIES,
	feishu: FEISHU_CAPABILITIES,
};

export function capabilitiesOf(platform: Platform): PlatformCapabilities {
	return PLATFORM_CAPABILITIES[platform];
}
