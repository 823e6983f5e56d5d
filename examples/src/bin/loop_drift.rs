use std::time::Duration;
use tokio::time::{Instant, sleep, sleep_until};

const PERIOD: Duration = Duration::from_millis(100);
const WORK: Duration = Duration::from_millis(30);

#[tokio::main]
async fn main() {
    let start = Instant::now();
    let relative = async {
        for round in 1..=10u32 {
            sleep(PERIOD).await; // 100 ms from *now*
            report("sleep", round, start);
            sleep(WORK).await; // the job of this round
        }
    };
    let absolute = async {
        for round in 1..=10u32 {
            sleep_until(start + PERIOD * round).await; // a fixed point in time
            report("deadline", round, start);
            sleep(WORK).await;
        }
    };
    tokio::join!(relative, absolute);
}

fn report(name: &str, round: u32, start: Instant) {
    if round % 3 == 1 || round == 10 {
        let at = start.elapsed().as_millis();
        let plan = (PERIOD * round).as_millis();
        println!("[{name}] round {round:>2} at {at:>4} ms (plan {plan:>4} ms)");
    }
}
