// Resource quantities as k8s.io/apimachinery's resource package reads, compares and rounds them (v0.33.9): exact
// values, where binary floating point would call 2300m more than 2.3.
import {
  compareQuantities, isWholeQuantity, parseQuantity, parseResourceQuantity, Quantity, quantityOf, roundUpQuantity, scaledValue,
} from '../src/validate/quantity';

const q = (text: string | number): Quantity => {
  const parsed = parseQuantity(text);
  if (!parsed) throw new Error(`${text} does not parse`);
  return parsed;
};
/** A quantity's value as decimal text, for readable expectations. */
const value = (quantity: Quantity): string => {
  const { digits, exponent } = quantity;
  if (exponent >= 0) return (digits * 10n ** BigInt(exponent)).toString();
  const text = (digits < 0n ? -digits : digits).toString().padStart(1 - exponent, '0');
  const whole = text.slice(0, exponent);
  const fraction = text.slice(exponent).replace(/0+$/, '');
  return `${digits < 0n ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
};

describe('ParseQuantity', () => {
  test.each([
    ['0', '0'], ['500m', '0.5'], ['2300m', '2.3'], ['2.3', '2.3'], ['1.5Gi', '1610612736'], ['0.1Ki', '102.4'], ['1e3', '1000'], ['1E-3', '0.001'],
    ['+5', '5'], ['-5m', '-0.005'], ['007', '7'], ['.5', '0.5'], ['5.', '5'], ['1.G', '1000000000'], ['1000u', '0.001'], ['12n', '0.000000012'],
    // finer than nano: the inf.Dec path rounds the magnitude up to nano
    ['1e-10', '0.000000001'], ['-1e-10', '-0.000000001'], ['0.0000000001', '0.000000001'], ['1.0000000001', '1.000000001'],
    // a binary quantity is capped at the largest int64, a decimal one is not
    ['8Ei', '9223372036854775807'], ['10Ei', '9223372036854775807'], ['9223372036854775808', '9223372036854775808'], ['1e20', '100000000000000000000'],
    // a JSON number by its text, a string trimmed of the white space that JSON leaves unescaped (Go's TrimSpace)
    [0.1, '0.1'], [1e21, '1000000000000000000000'], [2, '2'], [' 500m ', '0.5'], ['\u00a01', '1'], ['1Gi\u3000', '1073741824'],
  ])('%j is %s', (text, expected) => {
    expect(value(q(text))).toBe(expected);
  });

  test.each([['', 'empty'], ['1.5.5', 'two points'], ['5Xi', 'an unknown suffix'], ['1e', 'an exponent without digits'], ['1 m', 'a space inside'],
    ['\ufeff1', "a byte order mark, which Go's TrimSpace keeps"], ['\t1Gi\n', 'a tab and a newline, which kubectl sends as JSON escapes TrimSpace cannot take'],
    ['1\u2028', 'a line separator, which JSON escapes too'], ['1e9223372036854775808', 'an exponent beyond int64'], ['--1', 'two signs']])(
    '%j does not parse (%s)', (text) => {
      expect(parseQuantity(text)).toBeUndefined();
    });

  test('values of other types and numbers JSON cannot hold do not parse', () => {
    expect(parseQuantity(Infinity)).toBeUndefined();
    expect(parseQuantity(true)).toBeUndefined();
    expect(parseQuantity(null)).toBeUndefined();
  });
});

describe('Cmp, RoundUp, ScaledValue', () => {
  test('equal values written differently compare equal', () => {
    expect(compareQuantities(q('2300m'), q('2.3'))).toBe(0);
    expect(compareQuantities(q('1000u'), q('1m'))).toBe(0);
    expect(compareQuantities(q('1Ki'), q('1024'))).toBe(0);
    expect(compareQuantities(q('0.5Gi'), q('512Mi'))).toBe(0);
    expect(compareQuantities(q('0'), q('-0'))).toBe(0);
  });

  test('order, signs and far-apart exponents', () => {
    expect(compareQuantities(q('700m'), q('0.7000001'))).toBe(-1);
    expect(compareQuantities(q('1Gi'), q('1G'))).toBe(1);
    expect(compareQuantities(q('-1'), q('1m'))).toBe(-1);
    expect(compareQuantities(q('-2'), q('-1'))).toBe(-1);
    expect(compareQuantities(q('1e1000000000'), q('1e999999999'))).toBe(1);
    expect(compareQuantities(q('1e-999999999'), q('1n'))).toBe(0);
  });

  test('RoundUp goes away from zero; a v1 ResourceList is rounded up to milli', () => {
    expect(value(roundUpQuantity(q('1.5m'), -3))).toBe('0.002');
    expect(value(roundUpQuantity(q('-1.5m'), -3))).toBe('-0.002');
    expect(value(roundUpQuantity(q('2m'), -3))).toBe('0.002');
    expect(value(roundUpQuantity(q('1n'), 6))).toBe('1000000');
    expect(value(parseResourceQuantity('1.2m')!)).toBe('0.002');
    expect(value(parseResourceQuantity('100Mi')!)).toBe('104857600');
  });

  test('ScaledValue and whole numbers (MilliValue % 1000)', () => {
    expect(scaledValue(q('1.5'), 0)).toBe(2n);
    expect(scaledValue(q('1.5'), -3)).toBe(1500n);
    expect(scaledValue(q('1.0001'), -3)).toBe(1001n);
    expect(scaledValue(q('1e50'), 0)).toBe(10n ** 40n);
    expect(isWholeQuantity(q('1000m'))).toBe(true);
    expect(isWholeQuantity(q('1.0001'))).toBe(false);
    expect(isWholeQuantity(q('0.9999'))).toBe(true);
    expect(isWholeQuantity(q('0.5'))).toBe(false);
    expect(isWholeQuantity(quantityOf(3n, 2))).toBe(true);
  });
});
