/** The variables functions/shared/config.ts reads for reminder schedules (the Reminders construct sets them on AWS). */
export interface ReminderSchedules {
  group: string;
  targetArn: string;
  roleArn: string;
  deadLetterArn: string;
}

export function reminderEnvironment(r: ReminderSchedules): Record<string, string> {
  return {
    REMINDER_SCHEDULE_GROUP: r.group,
    REMINDER_FUNCTION_ARN: r.targetArn,
    REMINDER_SCHEDULER_ROLE_ARN: r.roleArn,
    REMINDER_DEAD_LETTER_ARN: r.deadLetterArn,
  };
}
