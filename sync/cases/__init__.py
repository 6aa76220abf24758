"""Cases and ratings between terminal and portal: the outbox, pushing it, what answers
do to a local case, reconfirming after a portal restore, status look-ups. No Qt."""
