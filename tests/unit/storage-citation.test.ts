import { describe, expect, it } from 'vitest';
import { citation } from '../../storage/citation';
import { sampleAnnotation } from './storage-fixtures';

describe('citation', () => {
  it('gives the quote, the story, site and commenter, and a link to the passage', () => {
    const c = citation(sampleAnnotation());
    const link = 'https://news.example.com/2024/05/library-vote#:~:text=where%20will%20the%20kids%20go,-%3F';
    expect(c.link).toBe(link);
    expect(c.text).toBe(
      `“where will the kids go”\n— Library to close after council vote (news.example.com), comment by Ada L.\n${link}`,
    );
    expect(c.html).toBe(
      `<blockquote>where will the kids go</blockquote><p>— <a href="${link}">Library to close after council vote</a> (news.example.com), comment by Ada L.</p>`,
    );
  });

  it('escapes page text in the HTML, and names the page by its address when it has no title', () => {
    const c = citation(
      sampleAnnotation({
        pageTitle: '',
        quote: '<img src=x onerror=alert(1)> & "more"\nline two',
        region: { kind: 'article' },
        selectors: [{ type: 'TextQuoteSelector', exact: 'x' }],
      }),
    );
    expect(c.html).toContain(
      '<blockquote>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;more&quot;<br>line two</blockquote>',
    );
    expect(c.html).not.toContain('<img');
    expect(c.text.split('\n')[2]).toBe('— https://news.example.com/2024/05/library-vote (news.example.com)');
  });
});
