/**
 * Message delivery on AWS: the table stream, one event source mapping per stream consumer with its
 * filter, partial batch responses, bisect-on-error and a failure queue; alarms on those queues and on
 * parked messages; SES and SMS permissions scoped to the configured identities; cdk-nag is covered by
 * cdk-nag.test.ts (the stack is part of the app).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MESSAGE_CONSUMERS, STREAM_CONSUMERS, filterPattern } from '../../functions/streams/consumers';
import { BUSINESS_METRICS } from '../../functions/shared/metric-names';
import { STREAM_RETRY_ATTEMPTS } from '../../lib/constructs/notifications';
import { environmentOf, resources, type SynthesizedApp, synthesize } from './support';

const SMS_ARN = 'arn:aws:sms-voice:eu-west-3:123456789012:phone-number/phone-0123456789abcdef';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };

function statementsOf(s: SynthesizedApp, action: string): Statement[] {
  return Object.values(resources(s.notifications))
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .flatMap((r) => (r.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [])
    .filter((st) => [st.Action].flat().includes(action));
}

describe('notifications stack', () => {
  let s: SynthesizedApp;
  let withSms: SynthesizedApp;
  beforeAll(() => {
    s = synthesize({ stage: 'dev', emailIdentity: 'mail.salon.example', emailFromAddress: 'rdv@mail.salon.example' });
    withSms = synthesize({ stage: 'dev', smsOriginationIdentityArn: SMS_ARN });
  }, 120_000);

  it('gives the table a stream with both images', () => {
    s.data.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' } });
  });

  it('maps the stream to each consumer with its filter, partial failures, bisect, retries and a failure queue', () => {
    const mappings = Object.values(resources(s.notifications)).filter((r) => r.Type === 'AWS::Lambda::EventSourceMapping');
    expect(mappings).toHaveLength(MESSAGE_CONSUMERS.length);
    for (const consumer of MESSAGE_CONSUMERS.map((name) => STREAM_CONSUMERS[name])) {
      s.notifications.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        MaximumRetryAttempts: STREAM_RETRY_ATTEMPTS,
        StartingPosition: 'TRIM_HORIZON',
        DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
        FilterCriteria: { Filters: consumer.filters.map((f) => ({ Pattern: JSON.stringify(filterPattern(f)) })) },
      });
    }
  });

  it('alarms on every failure queue and on parked messages, to the alarm topic', () => {
    const alarms = Object.values(resources(s.notifications)).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const queues = Object.values(resources(s.notifications)).filter((r) => r.Type === 'AWS::SQS::Queue');
    expect(queues.length).toBe(MESSAGE_CONSUMERS.length + 1);
    expect(alarms.filter((a) => a.Properties?.MetricName === 'ApproximateNumberOfMessagesVisible')).toHaveLength(queues.length);
    s.notifications.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: BUSINESS_METRICS.messageParked,
      Threshold: 1,
      AlarmActions: [Match.anyValue()],
    });
  });

  it('may send email only from the configured identity through its configuration set', () => {
    const [statement, ...more] = statementsOf(s, 'ses:SendEmail');
    expect(more).toEqual([]);
    const text = JSON.stringify(statement?.Resource);
    expect(text).toContain(':identity/mail.salon.example');
    expect(text).toContain(':configuration-set/');
    expect(text).not.toContain('"*"');
  });

  it('may send SMS only from the configured origination identity, and not at all without one', () => {
    expect(statementsOf(s, 'sms-voice:SendTextMessage')).toEqual([]);
    expect(statementsOf(withSms, 'sms-voice:SendTextMessage').map((st) => st.Resource)).toEqual([SMS_ARN]);
  });

  it('sets the delivery function up to run: sender, configuration set, unsubscribe secret, API URL', () => {
    const fnId = Object.entries(resources(withSms.notifications)).find(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties?.Description).startsWith('Delivers queued'),
    )?.[0];
    const env = environmentOf(withSms.notifications, String(fnId));
    expect(env).toMatchObject({
      EMAIL_FROM_ADDRESS: 'no-reply@rendezvous.example',
      SMS_ORIGINATION_IDENTITY: SMS_ARN,
      UNSUBSCRIBE_SECRET_PARAMETER: '/rendezvous/dev/notifications/unsubscribe-secret',
    });
    expect(env).toHaveProperty('EMAIL_CONFIGURATION_SET');
    expect(env).toHaveProperty('PUBLIC_API_URL');
  });

  it('publishes bounces and complaints to a topic the feedback function subscribes to', () => {
    s.notifications.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: { MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']), SnsDestination: Match.anyValue() },
    });
    s.notifications.resourceCountIs('AWS::SNS::Subscription', 1);
  });

  it('refuses an SMS identity that is not an End User Messaging ARN, and a From outside the identity', () => {
    expect(() => synthesize({ smsOriginationIdentityArn: '+33612345678' })).toThrow('smsOriginationIdentityArn');
    expect(() => synthesize({ emailIdentity: 'salon.example', emailFromAddress: 'x@other.example' })).toThrow('emailFromAddress');
  });
});
