-- 回访: the enterprise's answer to the follow-up visit, recorded on the issue (the words are also an
-- issue event). 上级交办: the unit that handed an issue down and its document number (文号).
ALTER TABLE "issues" ADD COLUMN "visit_answer" text;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "visit_answered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "handed_down_by" text;--> statement-breakpoint
ALTER TABLE "issues" ADD COLUMN "handed_down_ref" text;
