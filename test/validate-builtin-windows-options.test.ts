// A security context's windowsOptions as validateWindowsSecurityContextOptions checks them (pods and containers):
// cases written from the Go source, with the user names Windows workloads run as.
import { errorLines, obj } from './support/objects';

const pod = (podOptions: Record<string, unknown> | undefined, containerOptions?: Record<string, unknown>) =>
  errorLines(obj('v1', 'Pod', 'win', {
    spec: {
      ...(podOptions ? { securityContext: { windowsOptions: podOptions } } : {}),
      containers: [{ name: 'app', image: 'mcr.microsoft.com/windows/nanoserver:ltsc2022', ...(containerOptions ? { securityContext: { windowsOptions: containerOptions } } : {}) }],
    },
  }));

describe('windowsOptions', () => {
  test.each([
    'ContainerUser', 'ContainerAdministrator', 'NT AUTHORITY\\NETWORK SERVICE', 'NT AUTHORITY\\Local service', 'contoso.com\\svc-web',
    'CONTOSO\\svc_web', `${'a'.repeat(15)}\\user`, 'u'.repeat(104),
  ])('runAsUserName %j passes', (name) => {
    expect(pod({ runAsUserName: name })).toEqual([]);
    expect(pod(undefined, { runAsUserName: name })).toEqual([]);
  });

  test.each([
    ['', 'runAsUserName may not be empty'],
    ['user\tname', 'runAsUserName may not hold control characters'],
    ['a\\b\\c', 'runAsUserName may hold at most one backslash (DOMAIN\\user)'],
    ['.contoso\\user', "runAsUserName's domain must be a NetBIOS or a DNS name"],
    [`${'a'.repeat(16)}-\\user`, "runAsUserName's domain must be a NetBIOS or a DNS name"],
    ['CONTOSO\\', "runAsUserName's user may not be empty"],
    ['u'.repeat(105), "runAsUserName's user may be at most 104 bytes"],
    ['CONTOSO\\...', "runAsUserName's user may not be only dots or spaces"],
    ['svc@contoso.com', 'runAsUserName\'s user may not hold any of "/\\:;|=,+*?<>@[]'],
  ])('runAsUserName %j is refused: %s', (name, problem) => {
    expect(pod(undefined, { runAsUserName: name })[0]).toEqual(`TT0019 spec.containers[0].securityContext.windowsOptions.runAsUserName: ${problem}, got ${JSON.stringify(name).length > 80 ? `${JSON.stringify(name).slice(0, 77)}...` : JSON.stringify(name)}`);
  });

  test('a domain of 256 bytes or more is refused however it is written', () => {
    const domain = `${'a'.repeat(63)}.`.repeat(4).slice(0, 256);
    expect(pod({ runAsUserName: `${domain}\\user` }).some((f) => f.includes("runAsUserName's domain must be under 256 bytes"))).toBe(true);
  });

  test('a GMSA credential spec name is a DNS-1123 subdomain; a credential spec is not empty and under 64 KiB', () => {
    expect(pod({ gmsaCredentialSpecName: 'webapp1-credspec', gmsaCredentialSpec: '{"CmsPlugins":["ActiveDirectory"]}' })).toEqual([]);
    expect(pod({ gmsaCredentialSpecName: 'WebApp1' })[0]).toMatch(/^TT0019 spec\.securityContext\.windowsOptions\.gmsaCredentialSpecName: must be a DNS-1123 subdomain/);
    expect(pod({ gmsaCredentialSpec: '' })).toEqual(['TT0019 spec.securityContext.windowsOptions.gmsaCredentialSpec: gmsaCredentialSpec may not be empty']);
    expect(pod({ gmsaCredentialSpec: 'x'.repeat(64 * 1024 + 1) })).toEqual(['TT0019 spec.securityContext.windowsOptions.gmsaCredentialSpec: gmsaCredentialSpec must be under 64 KiB']);
  });
});
