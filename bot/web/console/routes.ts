/**
 * `/console`: the supervision console behind a login. Cookie sessions (httpOnly, SameSite=Lax),
 * CSRF tokens on every form, and what each person sees limited by their role (viewer.ts).
 */
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyFormbody from "@fastify/formbody";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../../db/client.ts";
import { enterprises, groups, people } from "../../../db/schema/directory.ts";
import { issues } from "../../../db/schema/issues.ts";
import { coHandlersOf } from "../../../workflows/issues/apply-command.ts";
import { jointMeetingAgenda } from "../../../workflows/reports/joint-meeting-agenda.ts";
import type { ListThresholds } from "../../../workflows/reports/lists.ts";
import { monthOf, parsePeriod } from "../../../workflows/reports/period.ts";
import { departmentRanking } from "../../../workflows/reports/ranking.ts";
import type { DirectoryCache } from "../../conversation/directory-cache.ts";
import type { WakeUpScheduler } from "../../escalation/conversation-hooks.ts";
import { permanentSendFailures } from "../../pipeline/send-failures.ts";
import type { Logger } from "../../runtime/logger.ts";
import type { Locale } from "../../texts/catalog.ts";
import { consoleText } from "../../texts/console.ts";
import { deskText } from "../../texts/desk.ts";
import { commandLabel } from "../../texts/lifecycle.ts";
import { sendFailuresText } from "../../texts/send-failures.ts";
import { triageText } from "../../texts/triage.ts";
import { unknownMemberText } from "../../texts/unknown-members.ts";
import { webSecurityText } from "../../texts/web-security.ts";
import {
	dismissCandidate,
	promoteCandidate,
} from "../../understanding/corrections.ts";
import {
	accuracySince,
	candidateFor,
	mayTriage,
	pendingCandidates,
} from "../../understanding/triage-queries.ts";
import {
	activeEnterprises,
	claimableReports,
	claimUnknownMember,
	pendingUnknownMembers,
} from "../../understanding/unknown-members.ts";
import { createQueueDashboard } from "../ops/queue-dashboard.ts";
import type { QueueSet } from "../ops/queues.ts";
import type { LoginCode } from "../platform-status.ts";
import { agendaPage } from "./agenda-page.ts";
import {
	checkPassword,
	consumeLoginLink,
	createSession,
	endSession,
	SESSION_TTL_MS,
	sessionPerson,
} from "./auth.ts";
import { briefingHtml, briefingMarkdown } from "./briefing-render.ts";
import { briefingXlsx } from "./briefing-xlsx.ts";
import { connectionsPage, maySeeLoginCodes } from "./connections-page.ts";
import {
	actionsFor,
	commandOf,
	type DeskForm,
	deskDepartments,
	isDeskAction,
	issueInScope,
	mayUseDesk,
	runDeskCommand,
} from "./desk-actions.ts";
import {
	actionForms,
	confirmDetails,
	confirmPage,
	deskNotice,
	deskPage,
	loadDesk,
} from "./desk-page.ts";
import { registerHandedDownRoutes } from "./handed-down-routes.ts";
import { type Html, html } from "./html.ts";
import {
	filterChoices,
	filterSchema,
	issueListView,
	listIssues,
} from "./issue-list.ts";
import { issuePageView, loadIssuePage } from "./issue-page.ts";
import { type PageContext, page } from "./layout.ts";
import { registerLedgerRoutes } from "./ledger-routes.ts";
import { loginLinkPage, loginPage, messagePage } from "./login-page.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import { rankingPage } from "./ranking-page.ts";
import { briefingFor, rankingFor } from "./ranking-scope.ts";
import { sendFailuresPage } from "./send-failures-page.ts";
import { triagePage } from "./triage-page.ts";
import { unknownMembersSection } from "./unknown-members-section.ts";
import {
	issueScope,
	loadViewer,
	mayUseConsole,
	mayUseQueueDashboard,
	mayViewAgenda,
	reportScope,
	type Viewer,
} from "./viewer.ts";

export interface ConsoleOptions {
	db: Db;
	log: Logger;
	locale: Locale;
	thresholds?: ListThresholds;
	/** The bot's queues for Bull Board at /console/queues; without them there is no dashboard. */
	queues?: QueueSet;
	/** Password guessing limits, shared by every web process (login-throttle.ts). */
	loginThrottle: LoginThrottle;
	now?: () => Date;
	/**
	 * The clock of sessions and login links; default `now`. The demo passes real time, so that 快进
	 * (the demo clock) does not end every session.
	 */
	sessionNow?: () => Date;
	/** The directory snapshot, for the triage page (categories, issue acknowledgements). */
	directory?: DirectoryCache;
	wakeUps?: WakeUpScheduler;
	/** New outbox rows were written: send them now. */
	onOutbox?: () => void;
	/** A correction was committed: the intake model trains again soon. */
	learn?: () => void;
	/** A session unused this long ends (SESSION_IDLE_MINUTES; default 30 minutes). */
	sessionIdleMs?: number;
	/** The chat connections' login QR codes, shown at /console/connections. */
	platformStatus?: { loginCodes(): LoginCode[] };
}

export const SESSION_COOKIE = "qq_console";

export function createConsoleRoutes(
	options: ConsoleOptions,
): FastifyPluginAsync {
	const { db, locale } = options;
	const now = options.now ?? (() => new Date());
	const sessionNow = options.sessionNow ?? now;
	const viewers = new WeakMap<FastifyRequest, Viewer>();
	const throttle = options.loginThrottle;
	const sessionLimits = { idleMs: options.sessionIdleMs };

	return async (app) => {
		const base = app.prefix;
		await app.register(fastifyCookie);
		await app.register(fastifyFormbody);
		await app.register(fastifyCsrf, {
			sessionPlugin: "@fastify/cookie",
			cookieKey: "qq_csrf",
			cookieOpts: {
				path: base,
				httpOnly: true,
				sameSite: "lax",
				secure: "auto",
			},
		});

		const isPublic = (url: string) => url.startsWith(`${base}/login`);
		app.addHook("onRequest", async (request, reply) => {
			if (isPublic(request.url)) return;
			const token = request.cookies[SESSION_COOKIE];
			const person = token
				? await sessionPerson(db, token, sessionNow(), sessionLimits)
				: null;
			if (!person || !mayUseConsole(person)) {
				const next = request.method === "GET" ? request.url : `${base}/issues`;
				return reply.redirect(`${base}/login?next=${encodeURIComponent(next)}`);
			}
			viewers.set(request, await loadViewer(db, person));
		});

		const viewerOf = (request: FastifyRequest) => {
			const viewer = viewers.get(request);
			if (!viewer) throw new Error("console route reached without a viewer");
			return viewer;
		};
		const context = (
			request: FastifyRequest,
			reply: FastifyReply,
		): PageContext => ({
			locale,
			base,
			viewer: viewers.get(request) ?? null,
			csrfToken: reply.generateCsrf(),
			month: monthOf(now()),
		});
		const sendPage = (reply: FastifyReply, body: string, status = 200) =>
			reply
				.status(status)
				.type("text/html; charset=utf-8")
				.header("cache-control", "no-store")
				.send(body);
		const forbidden = (request: FastifyRequest, reply: FastifyReply) =>
			sendPage(
				reply,
				page(context(request, reply), consoleText(locale, "forbidden"), html``),
				403,
			);
		const safeNext = (next: unknown) =>
			typeof next === "string" &&
			next.startsWith(`${base}/`) &&
			!next.startsWith("//")
				? next
				: `${base}/issues`;
		const startSession = async (reply: FastifyReply, personId: number) => {
			const token = await createSession(
				db,
				personId,
				sessionNow(),
				sessionLimits,
			);
			reply.setCookie(SESSION_COOKIE, token, {
				path: base,
				httpOnly: true,
				sameSite: "lax",
				secure: "auto",
				maxAge: SESSION_TTL_MS / 1000,
			});
		};

		app.get("/", async (_request, reply) => reply.redirect(`${base}/issues`));

		app.get<{ Querystring: { next?: string } }>(
			"/login",
			async (request, reply) =>
				sendPage(
					reply,
					loginPage(context(request, reply), { next: request.query.next }),
				),
		);

		app.post<{ Body: { code?: string; password?: string; next?: string } }>(
			"/login",
			{ preHandler: app.csrfProtection },
			async (request, reply) => {
				const { code = "", password = "", next } = request.body ?? {};
				const refuse = (error: string, status: number) =>
					sendPage(
						reply,
						loginPage(context(request, reply), { next, error, code }),
						status,
					);
				// The attempt is counted before the password is checked: parallel guesses cannot all
				// pass. No password is checked while attempts cannot be counted (Redis away).
				const reservation = await throttle
					.reserve(code, request.ip)
					.catch(() => null);
				if (reservation === null)
					return refuse(consoleText(locale, "login_unavailable"), 503);
				if (reservation.attempt === undefined)
					return refuse(
						consoleText(locale, "login_throttled", {
							minutes: Math.ceil(reservation.waitMs / 60_000),
						}),
						429,
					);
				const person = await checkPassword(db, code.trim(), password);
				// A failure stays counted; a success gives its place back (should Redis fail now, the
				// success merely stays counted as an attempt).
				if (person)
					await throttle
						.release(code, request.ip, reservation.attempt)
						.catch(() => {});
				const error = !person
					? consoleText(locale, "login_failed")
					: !mayUseConsole(person)
						? consoleText(locale, "login_no_access")
						: null;
				if (error || !person) return refuse(error ?? "", 401);
				await startSession(reply, person.id);
				return reply.redirect(safeNext(next), 303);
			},
		);

		app.get<{ Params: { token: string } }>(
			"/login/:token",
			async (request, reply) =>
				sendPage(
					reply,
					loginLinkPage(context(request, reply), request.params.token),
				),
		);

		app.post<{ Params: { token: string } }>(
			"/login/:token",
			{ preHandler: app.csrfProtection },
			async (request, reply) => {
				const personId = await consumeLoginLink(
					db,
					request.params.token,
					sessionNow(),
				);
				const [person] = personId
					? await db.select().from(people).where(eq(people.id, personId))
					: [];
				if (!person?.active || !mayUseConsole(person))
					return sendPage(
						reply,
						messagePage(context(request, reply), locale, "login_link_invalid"),
						410,
					);
				await startSession(reply, person.id);
				return reply.redirect(`${base}/issues`, 303);
			},
		);

		app.post(
			"/logout",
			{ preHandler: app.csrfProtection },
			async (request, reply) => {
				const token = request.cookies[SESSION_COOKIE];
				if (token) await endSession(db, token, sessionNow());
				reply.clearCookie(SESSION_COOKIE, { path: base });
				return reply.redirect(`${base}/login`, 303);
			},
		);

		app.get("/issues", async (request, reply) => {
			const filters = filterSchema.parse(request.query ?? {});
			const viewer = viewerOf(request);
			const [rows, choices] = await Promise.all([
				listIssues(db, viewer, filters),
				filterChoices(db),
			]);
			return sendPage(
				reply,
				page(
					context(request, reply),
					consoleText(locale, "nav_issues"),
					issueListView(locale, base, filters, rows, choices),
				),
			);
		});

		/** The issue page, with the desk's forms for whoever may act, and a notice above. */
		const showIssue = async (
			request: FastifyRequest,
			reply: FastifyReply,
			number: string,
			notice: Html | null,
			status = 200,
		) => {
			const viewer = viewerOf(request);
			const data = await loadIssuePage(db, viewer, number);
			if (!data)
				return sendPage(
					reply,
					messagePage(context(request, reply), locale, "not_found"),
					404,
				);
			const ctx = context(request, reply);
			const co = await coHandlersOf(db, data.issue.id);
			const actions = options.directory
				? await actionsFor(db, viewer, data.issue, co)
				: [];
			const forms =
				actions.length > 0 || mayUseDesk(viewer)
					? actionForms({
							locale,
							base,
							csrfToken: ctx.csrfToken,
							issue: data.issue,
							actions,
							departments: await deskDepartments(db),
							coDepartmentIds: co,
						})
					: "";
			return sendPage(
				reply,
				page(
					ctx,
					`${data.issue.number} ${data.issue.title}`,
					html`${notice ?? ""}${issuePageView(locale, data)}${forms}`,
				),
				status,
			);
		};

		app.get<{ Params: { number: string }; Querystring: { done?: string } }>(
			"/issues/:number",
			async (request, reply) => {
				const done = request.query.done;
				const notice = isDeskAction(done)
					? deskNotice(
							"done",
							deskText(locale, "done", {
								action: commandLabel(locale, done),
							}),
						)
					: null;
				return showIssue(request, reply, request.params.number, notice);
			},
		);

		app.get<{ Querystring: { period?: string } }>(
			"/ranking",
			async (request, reply) => {
				const scope = reportScope(viewerOf(request));
				if (scope.kind === "none") return forbidden(request, reply);
				const label = request.query.period ?? monthOf(now());
				const period = parsePeriod(label) ?? parsePeriod(monthOf(now()));
				if (!period) throw new Error("the current month is not a period");
				const ranking = await departmentRanking(db, {
					from: period.from,
					to: period.to,
					now: now(),
					thresholds: options.thresholds,
				});
				return sendPage(
					reply,
					page(
						context(request, reply),
						consoleText(locale, "ranking_title"),
						rankingPage(locale, base, period, rankingFor(ranking, scope)),
					),
				);
			},
		);

		registerLedgerRoutes(app, { db, locale, now, viewerOf, context });

		app.get("/agenda", async (request, reply) => {
			const viewer = viewerOf(request);
			if (!mayViewAgenda(viewer)) return forbidden(request, reply);
			const at = now();
			const agenda = await jointMeetingAgenda(db, {
				now: at,
				scope: issueScope(viewer),
			});
			return sendPage(
				reply,
				page(
					context(request, reply),
					consoleText(locale, "agenda_title"),
					agendaPage(locale, base, agenda, at),
				),
			);
		});

		app.get<{ Params: { file: string } }>(
			"/briefing/:file",
			async (request, reply) => {
				const scope = reportScope(viewerOf(request));
				if (scope.kind === "none") return forbidden(request, reply);
				const match = /^(.+?)(?:\.(md|xlsx|html))?$/.exec(request.params.file);
				const period = match?.[1] ? parsePeriod(match[1]) : null;
				if (!period)
					return sendPage(
						reply,
						messagePage(context(request, reply), locale, "not_found"),
						404,
					);
				const briefing = await briefingFor(db, period, scope, {
					now: now(),
					thresholds: options.thresholds,
				});
				const name = `briefing-${period.label}`;
				switch (match?.[2]) {
					case "md":
						return reply
							.type("text/markdown; charset=utf-8")
							.header("content-disposition", `inline; filename="${name}.md"`)
							.send(briefingMarkdown(locale, briefing));
					case "xlsx":
						return reply
							.type(
								"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
							)
							.header(
								"content-disposition",
								`attachment; filename="${name}.xlsx"`,
							)
							.send(await briefingXlsx(locale, briefing));
					default:
						return sendPage(reply, briefingHtml(locale, briefing, base));
				}
			},
		);

		const directory = options.directory;
		if (directory) {
			const desk = {
				db,
				directory,
				locale,
				wakeUps: options.wakeUps,
				onOutbox: options.onOutbox,
				learn: options.learn,
			};
			app.get("/desk", async (request, reply) => {
				const viewer = viewerOf(request);
				if (!mayUseDesk(viewer)) return forbidden(request, reply);
				return sendPage(
					reply,
					page(
						context(request, reply),
						deskText(locale, "title"),
						deskPage(
							locale,
							base,
							await loadDesk(db, viewer, now()),
							mayTriage(viewer.person),
						),
					),
				);
			});

			registerHandedDownRoutes(app, {
				...desk,
				base,
				now,
				viewerOf,
				context,
				page,
				sendPage,
				forbidden,
				csrf: app.csrfProtection,
			});

			// Two posts per action: the form leads to a confirmation page, whose form runs the command.
			app.post<{ Params: { number: string }; Body: DeskForm }>(
				"/issues/:number/act",
				{ preHandler: app.csrfProtection },
				async (request, reply) => {
					const viewer = viewerOf(request);
					const { number } = request.params;
					if (!mayUseDesk(viewer)) return forbidden(request, reply);
					const issue = await issueInScope(db, viewer, number);
					if (!issue)
						return sendPage(
							reply,
							messagePage(context(request, reply), locale, "not_found"),
							404,
						);
					const form = request.body ?? {};
					const action = form.action;
					const refuse = (message: string, status: number) =>
						showIssue(
							request,
							reply,
							number,
							deskNotice(
								"refused",
								deskText(locale, "refused", {
									action: isDeskAction(action)
										? commandLabel(locale, action)
										: "",
									message,
								}),
							),
							status,
						);
					if (!isDeskAction(action))
						return refuse(deskText(locale, "unknown_action"), 400);
					const list = await deskDepartments(db);
					const parsed = commandOf(
						action,
						form,
						new Set(list.map((d) => d.id)),
					);
					if (!parsed.ok) return refuse(deskText(locale, parsed.problem), 400);
					if (form.step !== "confirm") {
						const ctx = context(request, reply);
						return sendPage(
							reply,
							page(
								ctx,
								deskText(locale, "confirm_title"),
								confirmPage({
									locale,
									base,
									csrfToken: ctx.csrfToken,
									issue,
									action,
									form,
									details: confirmDetails(
										locale,
										form,
										(id) => list.find((d) => d.id === id)?.name ?? null,
									),
								}),
							),
						);
					}
					const version = Number(form.version);
					const outcome = await runDeskCommand(desk, {
						viewer,
						number,
						command: parsed.command,
						expectedVersion: Number.isInteger(version) ? version : undefined,
						now: now(),
					});
					if (!outcome)
						return sendPage(
							reply,
							messagePage(context(request, reply), locale, "not_found"),
							404,
						);
					if (!outcome.ok) return refuse(outcome.message, outcome.status);
					return reply.redirect(
						`${base}/issues/${encodeURIComponent(number)}?done=${action}`,
						303,
					);
				},
			);

			const showTriage = async (
				request: FastifyRequest,
				reply: FastifyReply,
				notice: string | null,
			) => {
				const viewer = viewerOf(request);
				const snapshot = await directory.get(db);
				const [rows, accuracy, unknown, firms] = await Promise.all([
					pendingCandidates(db, viewer.person),
					accuracySince(db, new Date(now().getTime() - 30 * 24 * 3600_000)),
					pendingUnknownMembers(db, viewer.person),
					activeEnterprises(db, viewer.person),
				]);
				const ctx = context(request, reply);
				return sendPage(
					reply,
					page(
						ctx,
						triageText(locale, "title"),
						html`${triagePage(
							locale,
							base,
							ctx.csrfToken,
							rows,
							snapshot.routing.categories,
							accuracy,
							notice,
						)}${unknownMembersSection(
							locale,
							base,
							ctx.csrfToken,
							unknown,
							firms,
						)}`,
					),
				);
			};
			app.get("/triage", async (request, reply) => {
				if (!mayTriage(viewerOf(request).person))
					return forbidden(request, reply);
				return showTriage(request, reply, null);
			});
			app.post<{
				Params: { id: string };
				Body: { action?: string; category?: string };
			}>(
				"/triage/:id",
				{ preHandler: app.csrfProtection },
				async (request, reply) => {
					const actor = viewerOf(request).person;
					if (!mayTriage(actor)) return forbidden(request, reply);
					const id = Number(request.params.id);
					const action = request.body?.action;
					const snapshot = await directory.get(db);
					const categoryCode =
						snapshot.routing.categories.find(
							(c) => c.code === request.body?.category,
						)?.code ?? null;
					const at = now();
					const outcome = await db.transaction(async (tx) => {
						const candidate = Number.isInteger(id)
							? await candidateFor(tx, actor, id)
							: null;
						if (candidate?.state !== "pending") return null;
						if (action === "dismiss") {
							await dismissCandidate(tx, { candidate, actor, now: at });
							return { notice: triageText(locale, "dismissed") };
						}
						const result = await promoteCandidate({
							tx,
							directory: snapshot,
							locale,
							now: at,
							actor,
							wakeUps: options.wakeUps,
							candidate,
							categoryCode,
						});
						const [issue] = await tx
							.select({ number: issues.number })
							.from(issues)
							.where(eq(issues.id, result.issueId));
						return {
							notice: triageText(locale, "promoted", {
								number: issue?.number ?? "",
							}),
							afterCommit: result.afterCommit,
						};
					});
					if (!outcome)
						return showTriage(
							request,
							reply,
							triageText(locale, "already_decided"),
						);
					await outcome.afterCommit?.();
					options.onOutbox?.();
					options.learn?.();
					return showTriage(request, reply, outcome.notice);
				},
			);

			// 认领 with one click: the same claim as in chat, through the desk's CSRF-checked form path.
			app.post<{
				Params: { id: string };
				Body: { enterprise?: string };
			}>(
				"/triage/unknown/:id",
				{ preHandler: app.csrfProtection },
				async (request, reply) => {
					const actor = viewerOf(request).person;
					if (!mayTriage(actor)) return forbidden(request, reply);
					const id = Number(request.params.id);
					const enterpriseId = Number(request.body?.enterprise);
					const snapshot = await directory.get(db);
					const at = now();
					const outcome = await db.transaction(async (tx) => {
						const reports = Number.isInteger(id)
							? await claimableReports(tx, actor, { reportId: id })
							: [];
						const first = reports[0];
						if (!first)
							return { notice: unknownMemberText(locale, "console_already") };
						const [enterprise] = Number.isInteger(enterpriseId)
							? await tx
									.select({ id: enterprises.id, name: enterprises.name })
									.from(enterprises)
									.where(
										and(
											eq(enterprises.id, enterpriseId),
											eq(enterprises.active, true),
										),
									)
							: [];
						if (!enterprise)
							return {
								notice: unknownMemberText(locale, "console_need_enterprise"),
							};
						const result = await claimUnknownMember({
							tx,
							directory: snapshot,
							locale,
							now: at,
							actor,
							reports,
							enterpriseId: enterprise.id,
							wakeUps: options.wakeUps,
						});
						return {
							notice: unknownMemberText(locale, "console_claimed", {
								name: result.person.name,
								enterprise: enterprise.name,
								issues: triageText(locale, "promoted", {
									number: result.numbers.join("、"),
								}),
							}),
							afterCommit: result.afterCommit,
						};
					});
					if ("afterCommit" in outcome) {
						directory.invalidate();
						await outcome.afterCommit?.();
						options.onOutbox?.();
					}
					return showTriage(request, reply, outcome.notice);
				},
			);
		}

		app.get("/connections", async (request, reply) => {
			if (!maySeeLoginCodes(viewerOf(request).person))
				return forbidden(request, reply);
			return sendPage(
				reply,
				page(
					context(request, reply),
					webSecurityText(locale, "connections_title"),
					connectionsPage(locale, options.platformStatus?.loginCodes() ?? []),
				),
			);
		});

		app.get("/send-failures", async (request, reply) => {
			const viewer = viewerOf(request);
			if (!mayUseDesk(viewer)) return forbidden(request, reply);
			// Administrators see every refusal; the desk's users those about the issues they may read.
			const failures = await permanentSendFailures(db, {
				since: new Date(now().getTime() - 30 * 24 * 3600_000),
				issueScope: mayUseQueueDashboard(viewer.person)
					? undefined
					: (issueScope(viewer) ?? sql`true`),
			});
			const conversations = [...new Set(failures.map((f) => f.conversationId))];
			const named =
				conversations.length === 0
					? []
					: await db
							.select({
								platform: groups.platform,
								conversationId: groups.conversationId,
								name: groups.name,
							})
							.from(groups)
							.where(inArray(groups.conversationId, conversations));
			const rows = failures.map((failure) => ({
				...failure,
				groupName:
					named.find(
						(g) =>
							g.platform === failure.platform &&
							g.conversationId === failure.conversationId,
					)?.name ?? null,
			}));
			return sendPage(
				reply,
				page(
					context(request, reply),
					sendFailuresText(locale, "title"),
					sendFailuresPage(locale, base, rows),
				),
			);
		});

		const queues = options.queues;
		if (queues) {
			await app.register(async (scope) => {
				scope.addHook("onRequest", async (request, reply) => {
					if (!mayUseQueueDashboard(viewerOf(request).person))
						return forbidden(request, reply);
				});
				await scope.register(createQueueDashboard(queues, `${base}/queues`), {
					prefix: "/queues",
				});
			});
		}
	};
}
