import { describe, expect, it } from 'vitest';
import { InvalidUrlError, isHttpUrl, normalizePageUrl } from '../../storage/url';

describe('normalizePageUrl', () => {
  const cases: [name: string, url: string, canonical: string | null, expected: string][] = [
    ['plain URL unchanged', 'https://news.example.com/a/b', null, 'https://news.example.com/a/b'],
    ['empty path gets a slash', 'https://news.example.com', null, 'https://news.example.com/'],
    [
      'utm_* removed',
      'https://ex.com/story?utm_source=tw&utm_medium=social&utm_campaign=x',
      null,
      'https://ex.com/story',
    ],
    ['UTM_ keys are case-insensitive', 'https://ex.com/story?UTM_Source=tw', null, 'https://ex.com/story'],
    [
      'fbclid removed, real param kept',
      'https://ex.com/s?id=7&fbclid=IwAR0abc',
      null,
      'https://ex.com/s?id=7',
    ],
    [
      'many trackers',
      'https://ex.com/s?gclid=1&dclid=2&msclkid=3&mc_cid=4&mc_eid=5&igshid=6&_ga=7&_gl=8&yclid=9&ref_src=twsrc&cmpid=a&ocid=b&smid=c&__twitter_impression=true',
      null,
      'https://ex.com/s',
    ],
    [
      'Guardian CMP',
      'https://www.theguardian.com/world/x?CMP=share_btn_tw',
      null,
      'https://www.theguardian.com/world/x',
    ],
    ['fragment dropped', 'https://ex.com/story#comments', null, 'https://ex.com/story'],
    ['fragment and empty query dropped', 'https://ex.com/story?#top', null, 'https://ex.com/story'],
    ['trailing ? dropped', 'https://ex.com/story?', null, 'https://ex.com/story'],
    ['params sorted', 'https://ex.com/s?page=2&id=7&b=1', null, 'https://ex.com/s?b=1&id=7&page=2'],
    [
      'repeated keys keep their order',
      'https://ex.com/s?z=1&id=2&id=1',
      null,
      'https://ex.com/s?id=2&id=1&z=1',
    ],
    ['values are not re-encoded', 'https://ex.com/s?q=a%20b&flag', null, 'https://ex.com/s?flag&q=a%20b'],
    [
      'host lowercased, path case kept',
      'https://News.Example.COM/World/Story-ABC',
      null,
      'https://news.example.com/World/Story-ABC',
    ],
    ['default https port dropped', 'https://ex.com:443/s', null, 'https://ex.com/s'],
    ['default http port dropped', 'http://ex.com:80/s', null, 'http://ex.com/s'],
    ['other ports kept', 'http://localhost:8080/demo', null, 'http://localhost:8080/demo'],
    ['credentials dropped', 'https://user:pw@ex.com/s', null, 'https://ex.com/s'],
    ['surrounding whitespace ignored', '  https://ex.com/s  ', null, 'https://ex.com/s'],
    // canonical
    [
      'same-host canonical wins',
      'https://ex.com/s?page=1&utm_source=x',
      'https://ex.com/story-slug',
      'https://ex.com/story-slug',
    ],
    ['relative canonical resolved', 'https://ex.com/a/b?x=1', '/story', 'https://ex.com/story'],
    [
      'www. canonical for bare host',
      'https://ex.com/s',
      'https://www.ex.com/story',
      'https://www.ex.com/story',
    ],
    ['m. page, www. canonical', 'https://m.ex.com/s', 'https://www.ex.com/story', 'https://www.ex.com/story'],
    ['amp. page, bare canonical', 'https://amp.ex.com/s', 'https://ex.com/story', 'https://ex.com/story'],
    [
      'canonical is normalised too',
      'https://ex.com/s',
      'https://EX.com/story?utm_medium=x#h',
      'https://ex.com/story',
    ],
    [
      'cross-site canonical ignored',
      'https://ex.com/s?utm_source=x',
      'https://evil.example.org/s',
      'https://ex.com/s',
    ],
    ['subdomain canonical ignored', 'https://news.ex.com/s', 'https://ex.com/s', 'https://news.ex.com/s'],
    ['lookalike suffix ignored', 'https://ex.com/s', 'https://ex.com.evil.org/s', 'https://ex.com/s'],
    ['non-http canonical ignored', 'https://ex.com/s', 'javascript:alert(1)', 'https://ex.com/s'],
    ['unparseable canonical ignored', 'https://ex.com/s', 'http://', 'https://ex.com/s'],
    ['empty canonical ignored', 'https://ex.com/s', '   ', 'https://ex.com/s'],
  ];

  it.each(cases)('%s', (_name, url, canonical, expected) => {
    expect(normalizePageUrl(url, canonical)).toBe(expected);
  });

  it.each(cases)('is idempotent: %s', (_name, url, canonical) => {
    const once = normalizePageUrl(url, canonical);
    expect(normalizePageUrl(once)).toBe(once);
  });

  it.each([
    'ftp://ex.com/file',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'chrome-extension://abc/popup.html',
    'about:blank',
    'not a url',
    '',
    '/relative/path',
  ])('throws InvalidUrlError for %j', (url) => {
    expect(() => normalizePageUrl(url)).toThrow(InvalidUrlError);
    expect(isHttpUrl(url)).toBe(false);
  });

  it('keeps the bad input in the error, shortened', () => {
    const long = `ftp://ex.com/${'x'.repeat(500)}`;
    const error = (() => {
      try {
        normalizePageUrl(long);
      } catch (e) {
        return e as InvalidUrlError;
      }
    })();
    expect(error?.url).toBe(long);
    expect(error?.message.length).toBeLessThan(260);
  });
});
