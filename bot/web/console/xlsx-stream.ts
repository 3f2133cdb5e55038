/**
 * A one-sheet XLSX written as it is read: rows go out as XML with inline strings through one deflate
 * stream into a zip with data descriptors, and each write waits for the reader (backpressure), so
 * memory stays the same for ten rows or a million. ExcelJS's streaming writer spent ~100 µs a row
 * and its buffers grew with the rows (docs/scale.md). Limits: no ZIP64, so under 4 GB of sheet XML
 * (about ten million ledger rows); strings and finite numbers only; the first row bold and frozen.
 */
import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import * as zlib from "node:zlib";

export type XlsxCell = string | number;

const NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS =
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS =
	"http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// Characters XML 1.0 does not allow, and the markup ones.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what must be removed.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const MARKUP = /[&<>"]/g;
const ENTITY: Record<string, string> = {
	"&": "&amp;",
	"<": "&lt;",
	">": "&gt;",
	'"': "&quot;",
};
export const xmlText = (s: string) =>
	s.replace(INVALID_XML, "").replace(MARKUP, (c) => ENTITY[c] ?? c);

/** A, B, …, Z, AA, … */
function columnName(index: number): string {
	let name = "";
	for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
		name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
	return name;
}

function rowXml(r: number, cells: readonly XlsxCell[], style: string) {
	let xml = `<row r="${r}">`;
	cells.forEach((value, i) => {
		const ref = `${columnName(i)}${r}`;
		if (typeof value === "number" && Number.isFinite(value))
			xml += `<c r="${ref}"${style}><v>${value}</v></c>`;
		else if (value !== "")
			xml += `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(String(value))}</t></is></c>`;
	});
	return `${xml}</row>`;
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c;
});
/** zlib.crc32 where Node has it (≥ 20.15), else the table. */
const crc32: (data: Buffer, value: number) => number =
	(zlib as { crc32?: (data: Buffer, value: number) => number }).crc32 ??
	((data, value) => {
		let crc = ~value;
		for (const byte of data)
			crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
		return ~crc >>> 0;
	});

interface Entry {
	name: Buffer;
	offset: number;
	crc: number;
	compressed: number;
	size: number;
}

function dosDateTime(at: Date): { date: number; time: number } {
	return {
		date:
			((at.getFullYear() - 1980) << 9) |
			((at.getMonth() + 1) << 5) |
			at.getDate(),
		time:
			(at.getHours() << 11) | (at.getMinutes() << 5) | (at.getSeconds() >> 1),
	};
}

/** Bit 3: sizes and CRC follow the data; bit 11: names are UTF-8. */
const FLAGS = 0x0808;

function zipWriter(out: PassThrough, now: Date) {
	const entries: Entry[] = [];
	const { date, time } = dosDateTime(now);
	let offset = 0;
	const emit = async (chunk: Buffer) => {
		offset += chunk.length;
		if (!out.write(chunk))
			await new Promise<void>((resolve, reject) => {
				const drained = () => {
					out.off("close", closed);
					resolve();
				};
				const closed = () => {
					out.off("drain", drained);
					reject(new Error("the reader went away"));
				};
				out.once("drain", drained);
				out.once("close", closed);
			});
	};
	return {
		/** One deflated file, its text read from `parts` as they come. */
		async add(fileName: string, parts: AsyncIterable<string> | string[]) {
			const name = Buffer.from(fileName, "utf8");
			const entry: Entry = { name, offset, crc: 0, compressed: 0, size: 0 };
			const header = Buffer.alloc(30);
			header.writeUInt32LE(0x04034b50, 0);
			header.writeUInt16LE(20, 4);
			header.writeUInt16LE(FLAGS, 6);
			header.writeUInt16LE(8, 8);
			header.writeUInt16LE(time, 10);
			header.writeUInt16LE(date, 12);
			header.writeUInt16LE(name.length, 26);
			await emit(Buffer.concat([header, name]));
			const source = Readable.from(
				(async function* () {
					for await (const part of parts) {
						const bytes = Buffer.from(part, "utf8");
						entry.crc = crc32(bytes, entry.crc);
						entry.size += bytes.length;
						yield bytes;
					}
				})(),
			);
			await pipeline(
				source,
				zlib.createDeflateRaw(),
				async (deflated: AsyncIterable<Buffer>) => {
					for await (const chunk of deflated) {
						entry.compressed += chunk.length;
						await emit(chunk);
					}
				},
			);
			const descriptor = Buffer.alloc(16);
			descriptor.writeUInt32LE(0x08074b50, 0);
			descriptor.writeUInt32LE(entry.crc, 4);
			descriptor.writeUInt32LE(entry.compressed, 8);
			descriptor.writeUInt32LE(entry.size, 12);
			await emit(descriptor);
			if (entry.size > 0xffffffff || offset > 0xffffffff)
				throw new RangeError(
					"the spreadsheet is larger than a zip without ZIP64 holds",
				);
			entries.push(entry);
		},
		async finish() {
			const start = offset;
			for (const e of entries) {
				const record = Buffer.alloc(46);
				record.writeUInt32LE(0x02014b50, 0);
				record.writeUInt16LE(20, 4);
				record.writeUInt16LE(20, 6);
				record.writeUInt16LE(FLAGS, 8);
				record.writeUInt16LE(8, 10);
				record.writeUInt16LE(time, 12);
				record.writeUInt16LE(date, 14);
				record.writeUInt32LE(e.crc, 16);
				record.writeUInt32LE(e.compressed, 20);
				record.writeUInt32LE(e.size, 24);
				record.writeUInt16LE(e.name.length, 28);
				record.writeUInt32LE(e.offset, 42);
				await emit(Buffer.concat([record, e.name]));
			}
			const end = Buffer.alloc(22);
			end.writeUInt32LE(0x06054b50, 0);
			end.writeUInt16LE(entries.length, 8);
			end.writeUInt16LE(entries.length, 10);
			end.writeUInt32LE(offset - start, 12);
			end.writeUInt32LE(start, 16);
			await emit(end);
			out.end();
		},
	};
}

const CONTENT_TYPES = `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;
const ROOT_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK_RELS = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`;
const STYLES = `${XML_HEAD}<styleSheet xmlns="${NS}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/**
 * The spreadsheet as a stream: `header` bold and frozen, then every row of every batch. The batches
 * are read only as fast as the stream is read.
 */
export function streamXlsx(options: {
	sheetName: string;
	header: readonly string[];
	batches: AsyncIterable<ReadonlyArray<readonly XlsxCell[]>>;
	now?: Date;
}): PassThrough {
	const out = new PassThrough();
	const zip = zipWriter(out, options.now ?? new Date());
	const sheetName = xmlText(options.sheetName).slice(0, 31);
	async function* sheet() {
		yield `${XML_HEAD}<worksheet xmlns="${NS}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>${rowXml(1, options.header, ' s="1"')}`;
		let r = 1;
		for await (const batch of options.batches) {
			let xml = "";
			for (const cells of batch) xml += rowXml(++r, cells, "");
			yield xml;
		}
		yield "</sheetData></worksheet>";
	}
	const write = async () => {
		await zip.add("[Content_Types].xml", [CONTENT_TYPES]);
		await zip.add("_rels/.rels", [ROOT_RELS]);
		await zip.add("xl/workbook.xml", [
			`${XML_HEAD}<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${sheetName}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		]);
		await zip.add("xl/_rels/workbook.xml.rels", [WORKBOOK_RELS]);
		await zip.add("xl/styles.xml", [STYLES]);
		await zip.add("xl/worksheets/sheet1.xml", sheet());
		await zip.finish();
	};
	write().catch((error: unknown) => out.destroy(error as Error));
	return out;
}
