import { Duration } from 'cdk8s';
import { Fault, formatDuration } from '../constructs';

describe('Fault', () => {
  test('a delay renders a fixed delay and its percentage', () => {
    expect(Fault.delay(Duration.seconds(1)).percent(50).toSpec()).toEqual({ delay: { fixedDelay: '1s', percentage: { value: 50 } } });
  });

  test('an abort renders the HTTP status and its percentage', () => {
    expect(Fault.abort(502).percent(70).toSpec()).toEqual({ abort: { httpStatus: 502, percentage: { value: 70 } } });
  });

  test('applies to every request unless told otherwise', () => {
    expect(Fault.abort(503).percentage).toEqual(100);
  });

  test('percent returns a new fault and leaves the original alone', () => {
    const all = Fault.abort(500);
    const some = all.percent(10);
    expect([all.percentage, some.percentage]).toEqual([100, 10]);
  });

  test('durations render as Istio reads them', () => {
    expect([Duration.seconds(2), Duration.millis(1500), Duration.minutes(1)].map(formatDuration)).toEqual(['2s', '1500ms', '60s']);
  });

  test('describes itself for messages', () => {
    expect(Fault.delay(Duration.millis(250)).percent(5).describe()).toEqual('delay 250ms on 5%');
  });

  test('fails when the percentage is above 100', () => {
    expect(() => Fault.abort(502).percent(150)).toThrow('fault percentage (abort 502) must be between 0 and 100, got 150');
  });

  test('fails when the percentage is negative', () => {
    expect(() => Fault.delay(Duration.seconds(1)).percent(-1)).toThrow(/must be between 0 and 100, got -1/);
  });

  test('fails when the delay is under 1ms', () => {
    expect(() => Fault.delay(Duration.seconds(0))).toThrow('fault delay must be at least 1ms, got 0s');
    expect(() => Fault.delay(Duration.millis(0.5))).toThrow('fault delay must be at least 1ms, got 0.5ms');
  });

  test('fails when the abort status is no HTTP status', () => {
    expect(() => Fault.abort(99)).toThrow(/fault abort HTTP status must be a whole number between 200 and 599, got 99/);
  });
});
