"""Daily practice reminders: a patient chooses a time; on a day with practice still to do, one
email goes out at that time in their centre's zone (the worker's task), with a one-click
unsubscribe. What is due is programs' rule (/today's), never re-made here."""
