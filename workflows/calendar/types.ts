/**
 * Working time in Asia/Shanghai (UTC+8 all year, no daylight saving). Dates are local `YYYY-MM-DD`
 * strings; instants are `Date`s.
 */
export interface WorkingCalendar {
	/** The local (Shanghai) date of an instant. */
	localDate(instant: Date): string;
	isWorkingDay(localDate: string): boolean;
	/** Inside office hours of a working day. */
	isOfficeHours(instant: Date): boolean;
	/** The instant itself when in office hours, else the start of the next office period. */
	nextOfficeOpening(instant: Date): Date;
	/** Close of office on the Nth working day after the local day of `start` (the start day itself is day 0). */
	addWorkingDays(start: Date, days: number): Date;
	/** `start` plus N hours counted inside office hours only. */
	addWorkingHours(start: Date, hours: number): Date;
	/** Office-hours minutes between two instants (0 when `to` is not after `from`). */
	workingMinutesBetween(from: Date, to: Date): number;
}
