CREATE SEQUENCE "public"."issue_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "issue_number_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"sequence_base" bigint NOT NULL
);
