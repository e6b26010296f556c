"""Starter home exercises for back pain, in the clinic's own words."""

STARTER_EXERCISES: list[dict] = [
    {
        "code": "PELVIC-TILT",
        "name": "Pelvic tilt",
        "summary": "A small, gentle rocking of the pelvis that wakes up your tummy muscles and "
        "eases a stiff lower back",
        "how_to": (
            "Lie on your back on a mat or firm bed with your knees bent and your feet flat, "
            "hip-width apart. Rest your arms by your sides and let your lower back sit in its "
            "natural small curve. Gently tighten your tummy muscles and tilt your pelvis so the "
            "small of your back presses flat into the floor. Hold for 10 seconds while you keep "
            "breathing normally, then relax back to the start. Do 10 tilts, rest for a minute, "
            "then do a second set of 10."
        ),
        "benefits": (
            "Helps loosen a stiff lower back and teaches the deep tummy muscles to support your "
            "spine. It is a gentle place to start when moving feels hard."
        ),
        "cautions": (
            "Keep the movement small and slow, and do not hold your breath or push through your "
            "feet. Stop if you feel sharp or increasing pain, or if pain, tingling or numbness "
            "spreads down your leg."
        ),
        "default_sets": 2,
        "default_reps": 10,
        "default_hold_seconds": 10,
    },
    {
        "code": "KNEE-TO-CHEST",
        "name": "Knee to chest",
        "summary": "Hug one knee towards your chest for a gentle stretch across the lower back "
        "and buttock",
        "how_to": (
            "Lie on your back with both knees bent and your feet flat on the floor. Hold one knee "
            "with both hands, behind the thigh or just below the kneecap, and slowly draw it "
            "towards your chest until you feel a comfortable stretch in your lower back. Keep the "
            "other foot on the floor and your head and shoulders relaxed on the mat. Hold for 20 "
            "seconds, breathing slowly, then lower the foot back down. Do 3 stretches on each "
            "side, one leg at a time."
        ),
        "benefits": (
            "Gently stretches the muscles of the lower back and buttock, which can ease stiffness "
            "and muscle tension."
        ),
        "cautions": (
            "Pull only as far as feels comfortable and do not bounce. If you have had a hip "
            "replacement, check with your physiotherapist first. Stop if you feel sharp or "
            "increasing pain, or if pain, tingling or numbness spreads down your leg."
        ),
        "default_sets": 1,
        "default_reps": 3,
        "default_hold_seconds": 20,
    },
    {
        "code": "CAT-COW",
        "name": "Cat-cow",
        "summary": "On hands and knees, slowly round and then gently dip your back to bring "
        "easy movement to the whole spine",
        "how_to": (
            "Start on your hands and knees, with your hands under your shoulders and your knees "
            "under your hips. Breathe out and slowly round your back up towards the ceiling, "
            "letting your head and tailbone drop, like a cat stretching. Breathe in and slowly "
            "let your tummy sink towards the floor as you lift your head and tailbone a little. "
            "Move smoothly between the two positions, taking about 10 seconds for each full "
            "round. Do 10 rounds."
        ),
        "benefits": (
            "Brings gentle, flowing movement to every part of the spine, which helps ease "
            "stiffness, especially first thing in the morning."
        ),
        "cautions": (
            "Stay within a comfortable range and do not force the dip; put a folded towel under "
            "your knees if they are sore. Stop if you feel sharp or increasing pain, or if pain, "
            "tingling or numbness spreads down your leg."
        ),
        "default_sets": 1,
        "default_reps": 10,
        "default_hold_seconds": 10,
    },
    {
        "code": "BRIDGE",
        "name": "Bridge",
        "summary": "Lift your hips off the floor to strengthen your buttocks and the muscles "
        "that support your lower back",
        "how_to": (
            "Lie on your back with your knees bent, your feet flat and hip-width apart, and your "
            "arms by your sides. Gently tighten your tummy and squeeze your buttocks. Press "
            "through your heels and lift your hips until your shoulders, hips and knees make a "
            "straight line. Hold for 10 seconds, breathing normally, then lower yourself slowly, "
            "one part of the back at a time. Do 10 lifts, rest, then do a second set of 10."
        ),
        "benefits": (
            "Strengthens the buttock and back muscles that support your spine and pelvis, which "
            "can make everyday tasks like standing and lifting more comfortable."
        ),
        "cautions": (
            "Do not lift so high that your lower back arches, and keep your neck relaxed on the "
            "mat. Stop if you feel sharp or increasing pain, or if pain, tingling or numbness "
            "spreads down your leg."
        ),
        "default_sets": 2,
        "default_reps": 10,
        "default_hold_seconds": 10,
    },
    {
        "code": "BIRD-DOG",
        "name": "Bird dog",
        "summary": "On hands and knees, reach one arm and the opposite leg out long to build "
        "balance and a steady, strong back",
        "how_to": (
            "Start on your hands and knees, with your hands under your shoulders and your knees "
            "under your hips, and your back flat like a table. Gently tighten your tummy. Slowly "
            "reach your right arm forward and your left leg straight back, keeping them level "
            "with your body and your hips facing the floor. Hold for 10 seconds, then bring them "
            "back down and repeat with the left arm and right leg. Do 8 on each side, rest, then "
            "do a second set."
        ),
        "benefits": (
            "Builds strength and control in the deep muscles around the spine, helping your back "
            "stay steady while your arms and legs move."
        ),
        "cautions": (
            "Keep your back flat and do not let it sag or twist; if that is hard, move just the "
            "leg or just the arm at first. Stop if you feel sharp or increasing pain, or if pain, "
            "tingling or numbness spreads down your leg."
        ),
        "default_sets": 2,
        "default_reps": 8,
        "default_hold_seconds": 10,
    },
    {
        "code": "PRONE-PRESS-UP",
        "name": "Prone press-up",
        "summary": "Lying face down, gently push your chest up on your forearms or hands while "
        "your hips stay on the floor",
        "how_to": (
            "Lie on your front with your hands flat on the floor under your shoulders and let "
            "your back and buttocks relax. Start by propping yourself up on your forearms, "
            "elbows under your shoulders. If that is comfortable, slowly straighten your arms to "
            "push your chest higher, keeping your hips and legs relaxed on the floor. Hold for 10 "
            "seconds, breathing out as you go up, then lower yourself slowly. Do 10."
        ),
        "benefits": (
            "Gently bends the lower back backwards, which can ease the strain of long periods of "
            "sitting and bending forward."
        ),
        "cautions": (
            "Only go as high as feels comfortable and keep your hips on the floor. Stop if you "
            "feel sharp or increasing pain, or if pain, tingling or numbness spreads down your "
            "leg. If you are pregnant, ask your physiotherapist before trying this."
        ),
        "default_sets": 1,
        "default_reps": 10,
        "default_hold_seconds": 10,
    },
    {
        "code": "CHILD-POSE",
        "name": "Child's pose",
        "summary": "Kneel and sit back towards your heels with your arms reaching forward for "
        "a calm, restful stretch of the back",
        "how_to": (
            "Kneel on a mat with your knees a little apart and your big toes touching. Slowly "
            "sit back towards your heels and lean forward, sliding your hands along the floor in "
            "front of you. Let your forehead rest on the mat or on a cushion, and let your back "
            "and shoulders relax. Breathe slowly and deeply, and hold for 30 seconds. Come up "
            "slowly, rest, then repeat 3 times."
        ),
        "benefits": (
            "Gently stretches the lower back, hips and shoulders and helps the whole back relax. "
            "A good way to finish your exercises."
        ),
        "cautions": (
            "Put a pillow between your calves and thighs, or under your forehead, if your knees "
            "or hips feel tight. Stop if you feel sharp or increasing pain, or if pain, tingling "
            "or numbness spreads down your leg."
        ),
        "default_sets": 1,
        "default_reps": 3,
        "default_hold_seconds": 30,
    },
    {
        "code": "PIRIFORMIS-STRETCH",
        "name": "Piriformis stretch",
        "summary": "Lying on your back, cross one ankle over the other knee to stretch deep in "
        "the buttock",
        "how_to": (
            "Lie on your back with both knees bent and your feet flat. Cross your right ankle "
            "over your left knee, letting the right knee fall out to the side. Hold behind your "
            "left thigh with both hands and gently draw it towards your chest until you feel a "
            "stretch deep in your right buttock. Hold for 30 seconds, breathing slowly, then "
            "release. Do 3 stretches on each side, swapping legs."
        ),
        "benefits": (
            "Stretches the deep muscles of the buttock and hip, which can ease tightness that "
            "adds to lower back and buttock discomfort."
        ),
        "cautions": (
            "Keep your head and shoulders relaxed on the mat and do not force the knee. If you "
            "have had a hip replacement, check with your physiotherapist first. Stop if you feel "
            "sharp or increasing pain, or if pain, tingling or numbness spreads down your leg."
        ),
        "default_sets": 1,
        "default_reps": 3,
        "default_hold_seconds": 30,
    },
]
