import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvField, csvHeader, csvRows } from '../../storage/export-csv';
import { sampleAnnotation } from './storage-fixtures';

/** RFC 4180, as a spreadsheet or Readwise reads it: rows of fields, quotes doubled inside quoted fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) throw new Error('the last row has no line break');
  return rows;
}

describe('Readwise CSV export', () => {
  it('writes the header Readwise expects', () => {
    expect(parseCsv(csvHeader())).toEqual([
      ['Highlight', 'Title', 'Author', 'URL', 'Note', 'Location', 'Date'],
    ]);
    expect(CSV_COLUMNS).toHaveLength(7);
  });

  it('writes one row per highlight in page order, the site as author, comment authors and tags in the note', () => {
    const comment = sampleAnnotation();
    const earlier = sampleAnnotation({
      id: '0f8e2d4c-6b1a-4f3e-8d2c-1a0b9c8d7e6f',
      region: { kind: 'article' },
      selectors: [
        { type: 'TextQuoteSelector', exact: 'The council voted', suffix: ' to close' },
        { type: 'TextPositionSelector', start: 0, end: 17 },
      ],
      quote: 'The council voted',
      note: '',
      tags: ['city hall'],
      createdAt: Date.UTC(2024, 4, 6, 10, 0, 0),
    });
    const rows = parseCsv(
      csvRows([comment, earlier], {
        url: comment.pageUrl,
        title: 'Library vote, as stored',
        updatedAt: 0,
        count: 2,
      }),
    );
    expect(rows).toEqual([
      [
        'The council voted',
        'Library vote, as stored',
        'news.example.com',
        // The context's last word may have been cut short where the context was cut: it is left out.
        'https://news.example.com/2024/05/library-vote#:~:text=The%20council%20voted,-to',
        '.city-hall',
        '1',
        '2024-05-06 10:00:00',
      ],
      [
        'where will the kids go',
        'Library vote, as stored',
        'news.example.com',
        'https://news.example.com/2024/05/library-vote#:~:text=where%20will%20the%20kids%20go,-%3F',
        '.local .libraries\nGood question.\nFollow up with the council.\n(from a comment by Ada L.)',
        '2',
        '2024-05-06 09:30:15',
      ],
    ]);
  });

  it("takes the title from the annotations when the page row has none, and names an unnamed commenter's comment", () => {
    const a = sampleAnnotation({
      pageUrl: 'https://www.zeitung.example.de/a?id=7',
      region: { kind: 'comment', author: null, commentKey: null },
      tags: [],
      note: '',
    });
    const [row] = parseCsv(csvRows([a]));
    expect(row?.slice(1, 3)).toEqual(['Library to close after council vote', 'zeitung.example.de']);
    expect(row?.[4]).toBe('(from a reader comment)');
  });

  it('quotes commas, quotes and line breaks, and keeps a spreadsheet from running page text as a formula', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, "b"\nc')).toBe('"a, ""b""\nc"');
    for (const formula of ['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\tx']) {
      const [[cell]] = parseCsv(`${csvField(formula)}\r\n`) as [[string]];
      expect(cell).toBe(`'${formula}`);
    }
    const hostile = sampleAnnotation({ quote: '=cmd|"/c calc"!A1', tags: [], note: '' });
    expect(parseCsv(csvRows([hostile]))[0]?.[0]).toBe(`'=cmd|"/c calc"!A1`);
  });
});
