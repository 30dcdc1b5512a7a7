// Lockflow benchmark peer: a lock taken and still held at a return (the
// classic missing-unlock check), mutexes and irq-saving spinlocks.
@@
expression E, F;
@@
(
* mutex_lock(E);
  ... when != mutex_unlock(E)
* return ...;
|
* spin_lock_irqsave(E, F);
  ... when != spin_unlock_irqrestore(E, F)
* return ...;
)
