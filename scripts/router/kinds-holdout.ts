/**
 * Hold-out probe set for the difficulty scorer, written independently of `kinds.ts`.
 *
 * Each entry is one hand-written prompt labelled with its kind and a tier that says how much a
 * premium model (GPT-4 / Claude class) typically beats a cheap one (Mixtral-8x7B / Llama-8B class)
 * on that kind of prompt, following MT-bench per-category results and RouteLLM:
 *   high = large gap, mid = moderate gap, low = little or no gap.
 *
 * About a third of the prompts are two-turn: two consecutive user messages with no assistant reply
 * in between. None of the text is taken from a public benchmark.
 */
import type { ScorerMessage } from '../../src/routing/scorer/index.js';

const FENCE = '```';

/** One user turn. */
const u = (content: string): ScorerMessage[] => [{ role: 'user', content }];

/** Two consecutive user turns, no assistant reply in between. */
const two = (first: string, followUp: string): ScorerMessage[] => [
  { role: 'user', content: first },
  { role: 'user', content: followUp },
];

export const KIND_PROBES_HOLDOUT: ReadonlyArray<{
  kind: string;
  tier: 'low' | 'mid' | 'high';
  messages: ScorerMessage[];
}> = [
  // ───────────────────────────── high: math ─────────────────────────────
  { kind: 'math', tier: 'high', messages: u('Solve for real x: log_3(x) + log_3(x - 8) = 2.') },
  {
    kind: 'math',
    tier: 'high',
    messages: u(
      `A community garden charges a one-time sign-up fee plus a monthly rent for each plot. Priya paid $94 in total for renting one plot for 7 months. Her neighbour Tomas rented two plots for 4 months each and paid $104 in total, but he got the sign-up fee waived on his second plot (he paid it only once). Later the garden raised the monthly rent by 25% and halved the sign-up fee. How much would a new member pay in total to rent three plots for 10 months under the new prices, if they pay the sign-up fee once per plot? Show each step and check your answer against both original receipts.`,
    ),
  },
  {
    kind: 'math',
    tier: 'high',
    messages: two(
      'Three fair six-sided dice are rolled. What is the probability that the largest number showing is exactly 4?',
      'What if four dice are rolled instead? Give the exact fraction.',
    ),
  },
  {
    kind: 'math',
    tier: 'high',
    messages: u(
      'In how many ways can 9 identical marbles be handed out to 4 kids so that every kid gets at least one marble and nobody gets more than 3?',
    ),
  },
  { kind: 'math', tier: 'high', messages: u('remainder of 13^2023 mod 100?') },
  {
    kind: 'math',
    tier: 'high',
    messages: two(
      `A water tank holds 1,200 litres. Inlet pipe A alone fills the empty tank in 6 hours and inlet pipe B alone fills it in 4 hours. A drain at the bottom empties a full tank in 8 hours when nothing else is running. At 9:00 the tank is empty; pipes A and B are switched on together, and the drain is accidentally left open the whole time. At what clock time is the tank full? Then compute how many litres have gone down the drain by that moment.`,
      'Now suppose someone notices the drain after 90 minutes and closes it. Redo the calculation.',
    ),
  },

  // ─────────────────────────── high: reasoning ───────────────────────────
  {
    kind: 'reasoning',
    tier: 'high',
    messages: u(
      `On an island every inhabitant is either a truth-teller, who always tells the truth, or a liar, who always lies. You meet three of them: Rowan, Sela and Ib.
Rowan says: "Exactly one of us three is a liar."
Sela says: "Rowan is a liar."
Ib says: "Sela and I are the same type."
Determine the type of each person and explain why no other assignment works.`,
    ),
  },
  {
    kind: 'reasoning',
    tier: 'high',
    messages: u(
      `Six friends - Ada, Bram, Cleo, Dev, Ezra and Fay - sit evenly spaced around a round table. Ada sits directly opposite Dev. Bram sits immediately to Ada's left. Cleo sits next to Bram. Fay sits between Dev and Ezra. Who sits directly opposite Bram, and who is on Cleo's right?`,
    ),
  },
  {
    kind: 'reasoning',
    tier: 'high',
    messages: two(
      `Five runners finished a race with no ties: Kim, Lou, Max, Nia and Oto.
1. Kim finished ahead of Max but behind Nia.
2. Lou did not finish first or last.
3. Oto finished immediately after Max.
4. Kim finished second.
Give the full finishing order and justify each position.`,
      'If clue 4 is dropped, is the order still unique? List every order that fits.',
    ),
  },
  {
    kind: 'reasoning',
    tier: 'high',
    messages: u(
      'A wall clock runs slow, losing 10 minutes every real hour. I set it to the correct time at exactly noon. Later I glance at it and it reads 5:00 pm. What is the actual time? Think carefully before answering.',
    ),
  },
  {
    kind: 'reasoning',
    tier: 'high',
    messages: u(
      `There are three jars labelled "Salt", "Sugar" and "Salt & Sugar". Every label is wrong. You may take one spoonful from exactly one jar and taste it. Which jar do you sample, and how do you then relabel all three correctly? Explain why sampling any other jar could leave you unsure.`,
    ),
  },
  {
    kind: 'reasoning',
    tier: 'high',
    messages: two(
      `Four colleagues - Hana, Igor, Jude and Kai - each have one dentist appointment on a different weekday from Monday to Thursday. Igor's appointment is the day after Jude's. Hana's is not on Monday. Kai's is earlier in the week than Hana's but not the day immediately before it. Who goes on which day?`,
      'Now add a fifth colleague, Lena, and extend the week to Friday. Lena goes two days after Kai, and all the earlier clues still hold. Is there still a single solution?',
    ),
  },

  // ───────────────────────────── high: coding ─────────────────────────────
  {
    kind: 'coding',
    tier: 'high',
    messages: u(
      `This function is supposed to merge overlapping intervals, but on some inputs it returns wrong results. Find the bug(s), explain which inputs trigger them, and give a corrected version.

${FENCE}python
def merge(intervals):
    out = []
    for start, end in intervals:
        if out and start < out[-1][1]:
            out[-1][1] = end
        else:
            out.append([start, end])
    return out
${FENCE}`,
    ),
  },
  {
    kind: 'coding',
    tier: 'high',
    messages: u(
      'Implement an LRU cache class in TypeScript with get(key) and put(key, value) both in O(1) worst case. Do not rely on the insertion order of the built-in Map; build your own doubly linked list. Capacity is fixed at construction, and put on an existing key must update the value and mark it most recently used. Include a few unit tests covering eviction order.',
    ),
  },
  {
    kind: 'coding',
    tier: 'high',
    messages: u(
      `The final count printed by this Go program is usually less than 1000. Why? Give two different fixes and say which you would prefer in production and why.

${FENCE}go
package main

import (
	"fmt"
	"sync"
)

func main() {
	count := 0
	var wg sync.WaitGroup
	for i := 0; i < 1000; i++ {
		go func() {
			wg.Add(1)
			count++
			wg.Done()
		}()
	}
	wg.Wait()
	fmt.Println(count)
}
${FENCE}`,
    ),
  },
  {
    kind: 'coding',
    tier: 'high',
    messages: two(
      'I have a function that, for each element of an array of n integers, scans the whole rest of the array to count how many later elements are smaller than it. What is the time complexity, and what is the space complexity? Be precise about best and worst cases.',
      'Now rewrite it to run in O(n log n). Use Python and explain why your approach is correct.',
    ),
  },
  {
    kind: 'coding',
    tier: 'high',
    messages: two(
      `My Node script is supposed to download files one after another and log "all done" at the end, but "all done" prints first and sometimes the process exits early. What's wrong?

${FENCE}js
async function downloadAll(urls) {
  urls.forEach(async (url) => {
    const res = await fetch(url);
    await saveToDisk(url, await res.arrayBuffer());
  });
  console.log('all done');
}
${FENCE}`,
      'Also change it so at most 3 downloads run at the same time, failures are retried twice with backoff, and the function returns a list of the URLs that still failed.',
    ),
  },
  {
    kind: 'coding',
    tier: 'high',
    messages: u(
      'Write a function that finds the cheapest route between two cities in a directed weighted graph, where the route may use at most k flights. Edge weights are non-negative prices. The graph can have up to 10^4 nodes and 10^5 edges, and k is at most 50. Return -1 when no such route exists. Explain why plain Dijkstra is not enough here and state the time complexity of your solution.',
    ),
  },

  // ─────────────────────────── mid: extraction ───────────────────────────
  {
    kind: 'extraction',
    tier: 'mid',
    messages: u(
      `Extract the following fields from the job ad below and return them as JSON: title, company, location, remote_policy, salary_min, salary_max, currency, years_experience, and skills (array). Use null for anything not stated.

"Northwind Logistics is hiring a Senior Data Engineer for its Rotterdam office. The role is hybrid (three days on site). You'll own our streaming pipelines built on Kafka and Flink and help migrate batch jobs from Airflow to dbt. We're looking for at least five years of experience with Python or Scala, solid SQL, and some exposure to Terraform. Pay range is EUR 72,000-88,000 depending on experience, plus a yearly bonus."`,
    ),
  },
  {
    kind: 'extraction',
    tier: 'mid',
    messages: u(
      `Turn these customer reviews into CSV with the columns reviewer, product, rating (1-5), and main_complaint (empty if none).

- Marta gave the TrailLite backpack 4 stars; she loves the pockets but says the straps dig in after a few hours.
- "Five stars, no notes" - Jon, about the AquaPure filter.
- The SnugFit gloves got 2 stars from Okafor because the stitching came apart within a week.
- Lin rated the TrailLite backpack 3/5: zipper jams in cold weather.`,
    ),
  },
  {
    kind: 'extraction',
    tier: 'mid',
    messages: two(
      `From these meeting notes, make a markdown table of action items with columns: task, owner, due date.

Notes - Tues sync. Priya will send the revised budget to finance by Friday the 14th. We agreed the landing page copy needs another pass; Sam owns that, aiming for end of next week (the 17th). Dana to book the venue for the offsite, no hard deadline but ideally before the 10th. Also, someone should update the onboarding doc - Sam said he'd do it after the copy work, so say the 21st.`,
      'Now sort them by due date and give me the same data as a JSON array instead.',
    ),
  },
  {
    kind: 'extraction',
    tier: 'mid',
    messages: u(
      `List every person, organization and location mentioned in this paragraph as JSON with keys "people", "organizations", "locations".

"After talks in Nairobi on Thursday, the African Development Bank agreed to co-finance a solar project led by Kenya Power. Finance minister Amina Wekesa said the deal, brokered with help from the World Bank's Kristof Haller, would bring electricity to about 200,000 homes in Turkana and Marsabit counties by 2027."`,
    ),
  },
  {
    kind: 'extraction',
    tier: 'mid',
    messages: u(
      `Pull out invoice_number, vendor, issue_date (ISO format), due_date (ISO format), total_amount, and currency from this email and give them as a JSON object.

Hi team, attached is invoice INV-20931 from Brightline Printing for the trade show banners. It was issued on 3 March 2024 and payment is due thirty days after that. The total comes to 1,845.50 USD including tax. Let me know if accounts payable needs anything else. - Carla`,
    ),
  },
  {
    kind: 'extraction',
    tier: 'mid',
    messages: two(
      `Extract the ingredients from this recipe as a JSON array of objects with name, quantity and unit.

"For the dough, whisk 2 cups of flour with a teaspoon of salt and half a packet of dried yeast. Add 3/4 cup warm water and 2 tablespoons olive oil, knead for ten minutes and let it rise. Top with 1 cup of crushed tomatoes, 200 g mozzarella and a handful of basil."`,
      'Convert every quantity you can to grams and add a "grams" field; leave it null where conversion makes no sense.',
    ),
  },

  // ───────────────────────────── mid: stem ─────────────────────────────
  {
    kind: 'stem',
    tier: 'mid',
    messages: u(
      'Explain how a capacitor stores energy, in a way a first-year engineering student would follow. Then work out how much energy a 470 microfarad capacitor holds when charged to 16 volts.',
    ),
  },
  {
    kind: 'stem',
    tier: 'mid',
    messages: u(
      'What does "half-life" mean for a radioactive isotope? If a lab sample starts with 96 grams of an isotope whose half-life is 5 days, how much is left after 20 days?',
    ),
  },
  {
    kind: 'stem',
    tier: 'mid',
    messages: two(
      'Explain the Doppler effect for sound. An ambulance siren emits 700 Hz and the ambulance drives toward you at 25 m/s. Taking the speed of sound as 343 m/s, what frequency do you hear?',
      'And what frequency do you hear once it has passed you and is driving away at the same speed?',
    ),
  },
  {
    kind: 'stem',
    tier: 'mid',
    messages: u(
      'Why is the pH scale logarithmic, and what does a change of one pH unit really mean? As an example, calculate the pH of a 0.002 M solution of hydrochloric acid.',
    ),
  },
  {
    kind: 'stem',
    tier: 'mid',
    messages: two(
      'Explain Ohm\'s law and how power is dissipated in a resistor. How much power does a 220 ohm resistor dissipate with 9 V across it?',
      'Would a quarter-watt resistor survive that? What rating should I buy?',
    ),
  },
  {
    kind: 'stem',
    tier: 'mid',
    messages: u(
      'What is specific heat capacity and why does water have such a high one? Roughly how much energy does it take to bring 1.5 litres of tap water from 15 °C to boiling?',
    ),
  },

  // ────────────────────────── mid: code-gen-short ──────────────────────────
  {
    kind: 'code-gen-short',
    tier: 'mid',
    messages: u(
      'Write a Python function to return the second largest distinct value in a list of integers.\nassert second_largest([4, 9, 9, 2, 7]) == 7',
    ),
  },
  {
    kind: 'code-gen-short',
    tier: 'mid',
    messages: u('Write a function that reverses the order of the words in a sentence.'),
  },
  {
    kind: 'code-gen-short',
    tier: 'mid',
    messages: u(
      "Write a JavaScript function that checks whether a string is a palindrome, ignoring case and spaces.\nExample: isPalindrome('Never odd or even') should return true.",
    ),
  },
  {
    kind: 'code-gen-short',
    tier: 'mid',
    messages: two(
      'Write a function to count the number of vowels in a string.',
      'Now make it count y as a vowel too.',
    ),
  },
  {
    kind: 'code-gen-short',
    tier: 'mid',
    messages: u(
      'Write a Python function to flatten a list of lists by one level.\nassert flatten_once([[1, 2], [3], [], [4, 5]]) == [1, 2, 3, 4, 5]',
    ),
  },
  {
    kind: 'code-gen-short',
    tier: 'mid',
    messages: two(
      'Write a function that returns the sum of the digits of a positive integer.',
      'Can you give me the same thing in Rust?',
    ),
  },

  // ───────────────────────────── low: writing ─────────────────────────────
  {
    kind: 'writing',
    tier: 'low',
    messages: u(
      `Write a blog post of about 600 words on avoiding burnout when working from home. Requirements:
- Friendly, conversational tone, as if talking to a coworker over coffee
- Exactly three subheadings
- Use the word "boundaries" at least twice
- No bullet points or numbered lists in the post itself
- Include one short personal-sounding anecdote
- Do not use the words "hustle" or "synergy"
- End with a question that invites readers to comment`,
    ),
  },
  {
    kind: 'writing',
    tier: 'low',
    messages: u(
      'Write an email to my landlord about the heater in my flat that has been broken for a week. Polite but firm, under 150 words, mention that I reported it on the 2nd and ask for a repair date by Friday.',
    ),
  },
  {
    kind: 'writing',
    tier: 'low',
    messages: two(
      'Write a four-stanza poem about a rainy autumn bus ride to work. Use an ABAB rhyme scheme and do not use the word "leaves" anywhere.',
      'Now turn it into a sequence of three haiku instead.',
    ),
  },
  {
    kind: 'writing',
    tier: 'low',
    messages: u(
      'Write a product description for an insulated stainless steel water bottle called the "Summit 750". Around 120 words, playful tone, mention that it keeps drinks cold for 24 hours, is dishwasher safe, and has a leak-proof lid. Do not mention any competitor brands and avoid exclamation marks.',
    ),
  },
  {
    kind: 'writing',
    tier: 'low',
    messages: two(
      'Write a cover letter for a barista position at a small independent café. I have two years of experience at a chain coffee shop, I am good with latte art, and I like talking to regulars.',
      'Make it shorter, about half the length, and a bit more enthusiastic.',
    ),
  },
  {
    kind: 'writing',
    tier: 'low',
    messages: u(
      'Write the opening of a short story, around 300 words, in the second person, set on an overnight train crossing a snowy border. It must include a single lost glove and should end on a small mystery. No dialogue at all.',
    ),
  },

  // ───────────────────────────── low: roleplay ─────────────────────────────
  {
    kind: 'roleplay',
    tier: 'low',
    messages: u(
      "You are a grumpy old blacksmith in a medieval village who hates being interrupted. Stay in character. I walk into your forge and say: \"Good morrow! I need a sword by tomorrow, and I can't pay much.\"",
    ),
  },
  {
    kind: 'roleplay',
    tier: 'low',
    messages: u(
      'Pretend you are a cheerful tour guide in ancient Rome around 100 AD. Welcome our group at the Forum and tell us what we are looking at.',
    ),
  },
  {
    kind: 'roleplay',
    tier: 'low',
    messages: two(
      "Act as my personal fitness coach. I'm 34, haven't exercised in years, and want to be able to run 5 km by summer. Talk to me like a real coach would in our first session.",
      'Honestly I only have about 20 minutes a day. Does that change your plan?',
    ),
  },
  {
    kind: 'roleplay',
    tier: 'low',
    messages: u(
      'Be Sherlock Holmes. I enter your study with ink stains on my right cuff, a sunburnt left forearm, and a train ticket sticking out of my coat pocket. Tell me what you deduce about me, in his voice.',
    ),
  },
  {
    kind: 'roleplay',
    tier: 'low',
    messages: two(
      "You're a swashbuckling pirate captain trying to recruit me onto your ship. Give me your best pitch.",
      'I refuse. I get seasick and I hate parrots. Stay in character and respond.',
    ),
  },
  {
    kind: 'roleplay',
    tier: 'low',
    messages: u(
      "Play the role of a calm, friendly customer support agent for an airline. I'll be the passenger. Here goes: my flight to Lisbon was just cancelled and I have a wedding to get to tomorrow afternoon!",
    ),
  },

  // ─────────────────────────── low: humanities ───────────────────────────
  {
    kind: 'humanities',
    tier: 'low',
    messages: u('What were the main causes of the French Revolution? Keep it simple.'),
  },
  {
    kind: 'humanities',
    tier: 'low',
    messages: two(
      'What is opportunity cost? Give me a couple of everyday examples.',
      'How is that related to comparative advantage in trade?',
    ),
  },
  {
    kind: 'humanities',
    tier: 'low',
    messages: u(
      "Can you explain Kant's categorical imperative and how it differs from judging actions by their consequences?",
    ),
  },
  {
    kind: 'humanities',
    tier: 'low',
    messages: u(
      'What are the major themes of The Great Gatsby, and what does the green light symbolize?',
    ),
  },
  {
    kind: 'humanities',
    tier: 'low',
    messages: two(
      'Why did the Roman Empire end up divided into an eastern and a western half?',
      'Which half lasted longer, and why?',
    ),
  },
  {
    kind: 'humanities',
    tier: 'low',
    messages: u(
      'Explain what inflation is, what usually causes it, and what tools central banks use to bring it down. I have no economics background.',
    ),
  },

  // ──────────────────────────── low: chit-chat ────────────────────────────
  { kind: 'chit-chat', tier: 'low', messages: u("hey there! how's it going?") },
  { kind: 'chit-chat', tier: 'low', messages: u('Thanks so much, that really helped!') },
  {
    kind: 'chit-chat',
    tier: 'low',
    messages: two("What's your favourite season and why?", 'Haha fair enough. Mine is winter, I love the cold.'),
  },
  { kind: 'chit-chat', tier: 'low', messages: u("I'm kinda bored tonight. Say something cheerful?") },
  { kind: 'chit-chat', tier: 'low', messages: u('good morning :)') },
  {
    kind: 'chit-chat',
    tier: 'low',
    messages: two('Do you think cats or dogs make better pets?', 'I have a cat named Biscuit btw, she is very judgmental'),
  },

  // ────────────────────────── low: simple-facts ──────────────────────────
  { kind: 'simple-facts', tier: 'low', messages: u('What is the capital of Australia?') },
  {
    kind: 'simple-facts',
    tier: 'low',
    messages: two('How many ounces are in a pound?', 'And how many grams is that?'),
  },
  { kind: 'simple-facts', tier: 'low', messages: u('Define photosynthesis in one sentence.') },
  { kind: 'simple-facts', tier: 'low', messages: u('who wrote pride and prejudice') },
  { kind: 'simple-facts', tier: 'low', messages: u('Convert 25 degrees Celsius to Fahrenheit.') },
  {
    kind: 'simple-facts',
    tier: 'low',
    messages: two('What is the tallest mountain in Africa?', 'How tall is it in metres?'),
  },

  // ─────────────────────────── low: commonsense ───────────────────────────
  {
    kind: 'commonsense',
    tier: 'low',
    messages: u(
      `Pick the most sensible ending.
Maya fills a pot with water and puts it on the stove. She
A. throws the pot out of the window.
B. turns on the burner and waits for the water to boil.
C. paints the pot blue with a brush.
D. puts the stove in the refrigerator.`,
    ),
  },
  {
    kind: 'commonsense',
    tier: 'low',
    messages: u(
      `Which of these is a source of light?
A. The Moon
B. A mirror
C. The Sun
D. A window`,
    ),
  },
  {
    kind: 'commonsense',
    tier: 'low',
    messages: two(
      `Complete the sentence with the best option.
A man is shown kneeling next to a flat bicycle tyre with a pump in his hand. He
A. attaches the pump to the valve and starts pumping air.
B. eats the tyre slowly.
C. starts singing into the pump like a microphone at a concert.
D. folds the bicycle into his wallet.`,
      'Just give the letter.',
    ),
  },
  {
    kind: 'commonsense',
    tier: 'low',
    messages: u(
      `A student leaves a glass of ice on a sunny windowsill. After an hour, what will most likely have happened?
A) The ice turned into sand.
B) The ice melted into water.
C) The glass became heavier.
D) The ice got colder.`,
    ),
  },
  {
    kind: 'commonsense',
    tier: 'low',
    messages: u(
      `Choose the ending that makes the most sense: After finishing dinner, the family
(a) washed the dishes and put them away.
(b) planted the dishes in the garden.
(c) mailed the leftover soup to the moon.
(d) used the forks to comb the dog's teeth.`,
    ),
  },
  {
    kind: 'commonsense',
    tier: 'low',
    messages: two(
      `Which animal is a mammal?
A. Salmon
B. Frog
C. Dolphin
D. Lizard`,
      'Why is that one a mammal?',
    ),
  },
];
