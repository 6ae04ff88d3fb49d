import type { ExportChunk } from './export-stream';

/**
 * Puts a streamed export's chunks together in the order they came, as the parts of the file to save (a
 * Blob's parts: the document is never one string, which for a large library would be hundreds of MiB).
 */
export class ExportAssembler {
  private readonly parts: string[] = [];
  private bodies = 0;
  private done = false;

  add(chunk: ExportChunk): void {
    if (chunk.head !== undefined) this.parts.push(chunk.head);
    if (chunk.body !== '') {
      if (this.bodies > 0) this.parts.push(chunk.separator);
      this.parts.push(chunk.body);
      this.bodies++;
    }
    if (chunk.tail !== undefined) {
      this.parts.push(chunk.tail);
      this.done = true;
    }
  }

  /** The file's parts, once the last chunk is in. */
  finish(): string[] {
    if (!this.done) throw new Error('the export is not complete');
    return this.parts;
  }
}
