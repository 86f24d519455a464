SIP/2.0 486 Busy Here - the callee is on another call and asked not to be disturbed for the next hour
