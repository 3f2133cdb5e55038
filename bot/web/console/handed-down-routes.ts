/**
 * The 上级交办 routes of the console (handed-down.ts): the page, registering an issue, its report.
 * Desk users only (mayUseDesk); registering needs an office or supervision (mayRegisterHandedDown);
 * the report needs the issue in the person's scope. Every post carries its CSRF token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.ts";
import { storedWakeUp } from "../../../workflows/escalation/plan-wake-up.ts";
import type { DirectoryCache } from "../../conversation/directory-cache.ts";
import type { WakeUpScheduler } from "../../escalation/conversation-hooks.ts";
import type { Locale } from "../../texts/catalog.ts";
import { handedDownText } from "../../texts/handed-down.ts";
import { type DeskForm, issueInScope, mayUseDesk } from "./desk-actions.ts";
import {
	handedDownPage,
	loadHandedDown,
	mayRegisterHandedDown,
	registerHandedDown,
	registrableEnterprises,
	writeReport,
} from "./handed-down.ts";
import type { Html } from "./html.ts";
import type { PageContext } from "./layout.ts";
import type { Viewer } from "./viewer.ts";

export interface HandedDownRouteDeps {
	db: Db;
	locale: Locale;
	base: string;
	directory: DirectoryCache;
	wakeUps?: WakeUpScheduler;
	onOutbox?: () => void;
	now: () => Date;
	viewerOf(request: FastifyRequest): Viewer;
	context(request: FastifyRequest, reply: FastifyReply): PageContext;
	page(ctx: PageContext, title: string, content: Html): string;
	sendPage(reply: FastifyReply, body: string, status?: number): unknown;
	forbidden(request: FastifyRequest, reply: FastifyReply): unknown;
	csrf: FastifyInstance["csrfProtection"];
}

export function registerHandedDownRoutes(
	app: FastifyInstance,
	deps: HandedDownRouteDeps,
): void {
	const { db, locale, base } = deps;
	const show = async (
		request: FastifyRequest,
		reply: FastifyReply,
		notice: string | null,
		status = 200,
	) => {
		const viewer = deps.viewerOf(request);
		const ctx = deps.context(request, reply);
		return deps.sendPage(
			reply,
			deps.page(
				ctx,
				handedDownText(locale, "title"),
				handedDownPage({
					locale,
					base,
					csrfToken: ctx.csrfToken,
					rows: await loadHandedDown(db, viewer),
					enterprises: mayRegisterHandedDown(viewer)
						? await registrableEnterprises(db, viewer)
						: null,
					notice,
				}),
			),
			status,
		);
	};

	app.get("/handed-down", async (request, reply) => {
		if (!mayUseDesk(deps.viewerOf(request)))
			return deps.forbidden(request, reply);
		return show(request, reply, null);
	});

	app.post<{ Body: DeskForm }>(
		"/handed-down",
		{ preHandler: deps.csrf },
		async (request, reply) => {
			const viewer = deps.viewerOf(request);
			if (!mayUseDesk(viewer) || !mayRegisterHandedDown(viewer))
				return deps.forbidden(request, reply);
			const outcome = await db.transaction(async (tx) =>
				registerHandedDown(tx, {
					viewer,
					directory: await deps.directory.get(tx),
					locale,
					form: request.body ?? {},
					now: deps.now(),
				}),
			);
			if (!outcome.ok)
				return show(
					request,
					reply,
					handedDownText(locale, "invalid", {
						fields: outcome.missing.join("、"),
					}),
					400,
				);
			deps.onOutbox?.();
			const wakeUp = storedWakeUp(outcome.issue);
			if (wakeUp) await deps.wakeUps?.arm(wakeUp).catch(() => {});
			return show(
				request,
				reply,
				handedDownText(locale, "registered", {
					number: outcome.issue.number,
					by: outcome.issue.handedDownBy ?? "",
					ref: outcome.issue.handedDownRef ?? "",
				}),
			);
		},
	);

	app.post<{ Params: { number: string }; Body: DeskForm }>(
		"/handed-down/:number/report",
		{ preHandler: deps.csrf },
		async (request, reply) => {
			const viewer = deps.viewerOf(request);
			if (!mayUseDesk(viewer)) return deps.forbidden(request, reply);
			const { number } = request.params;
			const outcome = await db.transaction(async (tx) => {
				const issue = await issueInScope(tx, viewer, number);
				if (!issue) return null;
				return writeReport(tx, {
					viewer,
					issue,
					locale,
					form: request.body ?? {},
					now: deps.now(),
				});
			});
			if (!outcome) return deps.forbidden(request, reply);
			if (!outcome.ok)
				return show(
					request,
					reply,
					handedDownText(locale, "invalid", {
						fields: outcome.missing.join("、"),
					}),
					400,
				);
			return show(
				request,
				reply,
				handedDownText(locale, "reported", { number }),
			);
		},
	);
}
