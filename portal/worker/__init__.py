"""The worker: a huey consumer that delivers the outbox and runs the schedule (reminders,
erasures). Web requests only queue work for it."""
