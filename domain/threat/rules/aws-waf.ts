// The same rule for AWS WAF v2: a RegexPatternSet (one regex per family, since AWS caps a
// regex at 200 characters and a set at 10) plus a Rule referencing it. The set's ARN is only
// known after it is created, so the rule carries a placeholder the deployer substitutes.
import { CLASS_SLUG } from './families';
import type { AttackClass, AwsWafRule, ModsecTransform } from './types';

export const AWS_REGEX_MAX_CHARS = 200;
export const AWS_REGEX_SET_MAX = 10;

const AWS_TRANSFORM: Record<ModsecTransform, string> = {
  urlDecodeUni: 'URL_DECODE',
  htmlEntityDecode: 'HTML_ENTITY_DECODE',
  lowercase: 'LOWERCASE',
  replaceComments: 'REPLACE_COMMENTS',
  compressWhitespace: 'COMPRESS_WHITE_SPACE',
};

export function arnPlaceholder(setName: string): string {
  return `{{regexPatternSetArn:${setName}}}`;
}

export function renderAwsWaf(id: number, attackClass: AttackClass, patterns: string[], transforms: ModsecTransform[], description: string): AwsWafRule {
  if (patterns.length > AWS_REGEX_SET_MAX) throw new Error(`AWS WAF allows ${AWS_REGEX_SET_MAX} regexes per set, got ${patterns.length}`);
  const tooLong = patterns.find((p) => p.length > AWS_REGEX_MAX_CHARS);
  if (tooLong) throw new Error(`AWS WAF regex longer than ${AWS_REGEX_MAX_CHARS} chars: ${tooLong}`);
  const name = `bulwark-${CLASS_SLUG[attackClass]}-${id}`;
  const TextTransformations = transforms.map((t, i) => ({ Priority: i, Type: AWS_TRANSFORM[t] }));
  const reference = (FieldToMatch: Record<string, unknown>) => ({
    RegexPatternSetReferenceStatement: { ARN: arnPlaceholder(name), FieldToMatch, TextTransformations },
  });
  return {
    regexPatternSet: {
      Name: name,
      Scope: 'REGIONAL',
      Description: description.slice(0, 256),
      RegularExpressionList: patterns.map((RegexString) => ({ RegexString })),
    },
    rule: {
      Name: name,
      // Unique within the web ACL because the id is; offset keeps it small and positive.
      Priority: id - 9_500_000,
      Action: { Block: {} },
      Statement: {
        OrStatement: {
          Statements: [
            reference({ QueryString: {} }),
            // CONTINUE: inspect the first part of big bodies; blocking every oversize upload is not this rule's call.
            reference({ Body: { OversizeHandling: 'CONTINUE' } }),
            reference({ UriPath: {} }),
          ],
        },
      },
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: name },
    },
  };
}
