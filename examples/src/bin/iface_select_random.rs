#[tokio::main]
async fn main() {
    let mut wins = [0u32; 2];
    for _ in 0..1000 {
        tokio::select! {
            _ = async {} => wins[0] += 1, // both branches are ready at once
            _ = async {} => wins[1] += 1,
        }
    }
    println!("[random] first {}, second {}", wins[0], wins[1]);
    println!(
        "[random] each branch won 40-60 %: {}",
        (400..=600).contains(&wins[0])
    );

    let mut wins = [0u32; 2];
    for _ in 0..1000 {
        tokio::select! {
            biased; // try the branches top to bottom
            _ = async {} => wins[0] += 1,
            _ = async {} => wins[1] += 1,
        }
    }
    println!("[biased] first {}, second {}", wins[0], wins[1]);
}
