"""Networks with fixed members (Mellomledernettverket, demensnettverk …), who may register for
an event (open, members only, by invitation) and the invitations themselves."""
