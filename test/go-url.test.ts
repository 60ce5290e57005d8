import { parseGoUrl, splitHostPort } from '../src/validate/go-url';

// expectations from Go 1.25's net/url (url.Parse, url.ParseRequestURI, URL.EscapedPath, Hostname, Port)
describe("Go's url.Parse and url.ParseRequestURI", () => {
  test.each<[string, boolean, string | undefined]>([
    // [raw, viaRequest, `${scheme} ${host} ${escapedPath}` or undefined for an error]
    ['HTTPS://Example.com:8443/a%20b', false, 'https Example.com:8443 /a%20b'],
    ['https://example.com/a b', false, 'https example.com /a%20b'],
    ['https://example.com/a!b(c)', false, 'https example.com /a!b(c)'],
    ['https://example.com/caf\u00e9', false, 'https example.com /caf%C3%A9'],
    ['https://example.com:99999999999/', false, 'https example.com:99999999999 /'],
    ['https://example.com/b#frag', false, 'https example.com /b'],
    ['https://example.com/b#frag', true, 'https example.com /b%23frag'],
    ['mailto:someone', true, 'mailto  '],
    ['/only/a/path', true, '  /only/a/path'],
    ['relative/path', false, '  relative/path'],
    ['relative/path', true, undefined],
    ['', false, '  '],
    ['', true, undefined],
    ['https://example.com/%zz', false, undefined],
    ['https://exa mple.com/', false, undefined],
    ['https://example.com:80a/', false, undefined],
    ['1http://example.com', false, undefined],
    ['https://[::1]:80/', false, 'https [::1]:80 /'],
    ['https://[127.0.0.1]/', false, undefined],
  ])('%j (request URI: %s)', (raw, viaRequest, expected) => {
    const url = parseGoUrl(raw, viaRequest);
    expect(url && `${url.scheme} ${url.host} ${url.escapedPath}`).toEqual(expected);
  });

  test('Hostname() and Port() split the host at a valid port, and drop an IPv6 literal\'s brackets', () => {
    expect(splitHostPort('example.com:8443')).toEqual({ hostname: 'example.com', port: '8443' });
    expect(splitHostPort('[::1]:80')).toEqual({ hostname: '::1', port: '80' });
    expect(splitHostPort('[::1]')).toEqual({ hostname: '::1', port: '' });
    expect(splitHostPort('example.com')).toEqual({ hostname: 'example.com', port: '' });
  });
});
