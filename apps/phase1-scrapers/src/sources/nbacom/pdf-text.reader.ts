import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.js';
import type { TextItem } from 'pdfjs-dist/types/src/display/api';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.js');
let pdfJs: Promise<PdfJs> | undefined;
// Loaded on first use: on Node, pdf.js prints on load that it cannot polyfill canvas rendering (which
// is never used here); a service or tool that never reads a PDF should not print it.
const loadPdfJs = (): Promise<PdfJs> => (pdfJs ??= import('pdfjs-dist/legacy/build/pdf.js'));

/** One run of text as the PDF places it: left edge and baseline in PDF points (y grows upwards). */
export interface PositionedText {
  text: string;
  x: number;
  y: number;
  width: number;
}

/** The text runs of one baseline, left to right. */
export interface TextLine {
  y: number;
  items: PositionedText[];
}

export interface PdfTextPage {
  pageNumber: number;
  /** Top to bottom. */
  lines: TextLine[];
}

export class UnreadablePdfError extends Error {
  constructor(reason: string) {
    super(`not a readable PDF: ${reason}`);
    this.name = 'UnreadablePdfError';
  }
}

/** Runs whose baselines differ by less than this (in points) are on the same line. */
const SAME_LINE_POINTS = 2;

function isTextItem(item: unknown): item is TextItem {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

/**
 * Reads the text of every page of a PDF with its position, through Mozilla's pdf.js, and groups it
 * into lines by baseline. Font programs are never compiled to code (isEvalSupported: false).
 */
export async function readPdfText(bytes: Buffer): Promise<PdfTextPage[]> {
  if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new UnreadablePdfError(`the body does not start with %PDF- (${bytes.length} bytes, starts ${JSON.stringify(bytes.subarray(0, 20).toString('latin1'))})`);
  }
  const pdfjs = await loadPdfJs();
  let document: PDFDocumentProxy;
  try {
    document = await pdfjs.getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    }).promise;
  } catch (error) {
    throw new UnreadablePdfError((error as Error).message);
  }
  try {
    const pages: PdfTextPage[] = [];
    for (let pageNumber = 1; pageNumber <= document.numPages; pageNumber += 1) {
      const page = await document.getPage(pageNumber);
      const content = await page.getTextContent();
      const items = content.items
        .filter(isTextItem)
        .map((item) => ({ text: item.str.replace(/\s+/g, ' ').trim(), x: item.transform[4], y: item.transform[5], width: item.width }))
        .filter((item) => item.text.length > 0);
      pages.push({ pageNumber, lines: groupIntoLines(items) });
    }
    return pages;
  } catch (error) {
    throw new UnreadablePdfError((error as Error).message);
  } finally {
    await document.destroy();
  }
}

function groupIntoLines(items: PositionedText[]): TextLine[] {
  const lines: TextLine[] = [];
  for (const item of [...items].sort((a, b) => b.y - a.y || a.x - b.x)) {
    const line = lines.at(-1);
    if (line && Math.abs(line.y - item.y) < SAME_LINE_POINTS) line.items.push(item);
    else lines.push({ y: item.y, items: [item] });
  }
  for (const line of lines) line.items.sort((a, b) => a.x - b.x);
  return lines;
}
